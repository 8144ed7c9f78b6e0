import { splitArguments } from '../client/arguments'
import type { CallOptions, JsonObject } from '../types'
import { isRecordedPage, pageFrom, type RecordedPage } from './page'

/** How many leading ids or names each event method takes, as `splitArguments` counts them. */
const leadingStrings: Record<string, number> = { identify: 1, track: 1, page: 2, screen: 1, group: 1, alias: 2 }

type Methods = Record<string, ((...args: unknown[]) => unknown) | undefined>

/**
 * Replays one snippet record, `[method, ...args, recordedPage?]`, on `client`, keeping the
 * call time and page the snippet recorded. A call that throws or rejects is reported and
 * does not stop the caller's loop.
 */
export function replayRecord(client: object, record: unknown): void {
  if (!Array.isArray(record) || typeof record[0] !== 'string') return
  const [method, ...args] = record as [string, ...unknown[]]
  const last = args[args.length - 1]
  const recorded = isRecordedPage(last) ? (args.pop() as RecordedPage) : undefined
  const call = (client as Methods)[method]
  if (typeof call !== 'function') return console.warn(`relata: buffered call ${method}() is not a relata method; skipped`)
  try {
    const result = call.apply(client, recorded ? withRecordedPage(method, args, recorded) : args)
    // refusals already reach 'error' listeners; keep them out of unhandledrejection
    if (result instanceof Promise) result.catch(() => {})
  } catch (error) {
    console.error(`relata: buffered ${method}() threw; the other buffered calls go on`, error)
  }
}

/** Rewrites an event call's arguments so its options carry the recorded time and page. */
export function withRecordedPage(method: string, args: unknown[], recorded: RecordedPage): unknown[] {
  const leading = leadingStrings[method]
  if (leading === undefined) return args
  const { strings, objects, callback } = splitArguments(args, leading)
  const optionsAt = method === 'alias' ? 0 : 1
  const given = (objects[optionsAt] ?? {}) as CallOptions
  const options: CallOptions = { ...given, context: { ...given.context, page: { ...pageFrom(recorded), ...(given.context?.page as JsonObject | undefined) } } }
  if (given.timestamp === undefined && recorded.d !== undefined) options.timestamp = new Date(recorded.d)
  return [...strings, ...(optionsAt === 1 ? [objects[0] ?? {}] : []), options, ...(callback ? [callback] : [])]
}
