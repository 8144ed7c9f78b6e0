import { isRecordedPage, replaying, type RecordedPage } from './page'

type Methods = Record<string, ((...args: unknown[]) => unknown) | undefined>

/**
 * Replays one snippet record, `[method, ...args, recordedPage?]`, on `target`, keeping the
 * call time and page the snippet recorded. A call that throws or rejects is reported and
 * does not stop the caller's loop.
 */
export function replayRecord(target: object, record: unknown): void {
  if (!Array.isArray(record) || typeof record[0] != 'string') return
  const [method, ...args] = record as [string, ...unknown[]]
  const recorded = isRecordedPage(args[args.length - 1]) ? (args.pop() as RecordedPage) : undefined
  const call = (target as Methods)[method]
  if (typeof call != 'function') return console.warn(`relata: buffered call ${method}() is not a relata method; skipped`)
  replaying.page = recorded
  try {
    const result = call.apply(target, args)
    if (result instanceof Promise) quiet(result)
  } catch (error) {
    console.error(`relata: buffered ${method}() threw; the other buffered calls go on`, error)
  } finally {
    replaying.page = undefined
  }
}

/** Refusals already reach the client's 'error' listeners: this keeps them out of `unhandledrejection`. */
export const quiet = (result: Promise<unknown>) => result.catch(() => {})

/** Replays records in order: a stub's buffer, or what is pushed to a stub after load. */
export function replayAll(target: object, records: unknown[]): number {
  for (const record of records) replayRecord(target, record)
  return 0
}

/**
 * What analytics.js applies before the other buffered calls, in this order: the anonymous id
 * and listeners, then plugins and source middleware, so the snippet's first page view
 * already carries the id and passes through the middleware.
 */
const appliedFirst = ['setAnonymousId', 'on', 'register', 'addSourceMiddleware']

const rank = (record: unknown) => {
  const at = appliedFirst.indexOf((Array.isArray(record) && record[0]) as string)
  return at < 0 ? appliedFirst.length : at
}

/** Replays a snippet's buffer as analytics.js does: `appliedFirst` first, the rest in call order. */
export const replayBuffered = (target: object, records: unknown[]): number => replayAll(target, [...records].sort((a, b) => rank(a) - rank(b)))
