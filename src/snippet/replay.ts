import { isRecordedPage, replaying, type RecordedPage } from './page'

type Methods = Record<string, ((...args: unknown[]) => unknown) | undefined>

/** Refusals already reach the client's 'error' listeners: this keeps them out of `unhandledrejection`. */
export const quiet = (result: Promise<unknown>) => result.catch(() => {})

/**
 * Replays records in order, a stub's buffer or what is pushed to a stub after load: each
 * `[method, ...args, recordedPage?]` is called on `target`, keeping the call time and page
 * the snippet recorded. A call that throws or rejects is reported and does not stop the rest.
 */
export function replayAll(target: object, records: unknown[]): number {
  for (const record of records) {
    if (!Array.isArray(record) || typeof record[0] != 'string') continue
    const [method, ...args] = record as [string, ...unknown[]]
    const call = (target as Methods)[method]
    if (typeof call != 'function') {
      console.warn(`relata: buffered call ${method}() is not a relata method; skipped`)
      continue
    }
    replaying.page = isRecordedPage(args[args.length - 1]) ? (args.pop() as RecordedPage) : undefined
    try {
      // a returned promise passes through Promise.resolve, so its rejection is quieted too
      quiet(Promise.resolve(call.apply(target, args)))
    } catch (error) {
      console.error(`relata: buffered ${method}() threw; the other buffered calls go on`, error)
    } finally {
      replaying.page = undefined
    }
  }
  return 0
}

/**
 * What analytics.js applies before the other buffered calls: the anonymous id and listeners,
 * then plugins and source middleware, so the snippet's first page view already carries the
 * id and passes through the middleware. Listed in reverse, last of them first, so that a
 * call's index is its rank.
 */
const appliedFirst = ['addSourceMiddleware', 'register', 'on', 'setAnonymousId']

/** Higher ranks are applied earlier; every other call ranks -1, after all of `appliedFirst`. */
const rank = (record: unknown) => appliedFirst.indexOf((Array.isArray(record) && record[0]) as string)

/**
 * Replays a snippet's buffer as analytics.js does: `appliedFirst` first, the rest in call
 * order (the sort is stable). Sorts `records` in place: the caller hands over the buffer.
 */
export const replayBuffered = (target: object, records: unknown[]): number => replayAll(target, records.sort((a, b) => rank(b) - rank(a)))
