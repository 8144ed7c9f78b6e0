import { limits, utf8Bytes } from '../delivery/batching'
import type { OutboxRecord } from '../delivery/outbox'
import { ValidationError } from '../errors'
import { toJson } from '../json'
import type { RelataEvent } from '../types'

/**
 * Keys sort in acceptance order across page loads and tabs: time, then a counter, then the
 * page. The first key sets the time (no time is -1 ms) and the page part.
 */
const keys: { _sequence: number; _ms: number; _time?: string; _page?: string } = { _sequence: 0, _ms: -1 }

/** 36⁴: the counter takes four base-36 digits. */
const sequenceSpan = 1679616

function nextKey(now: number): string {
  // Calls within the same millisecond share the time part.
  if (now !== keys._ms) keys._time = (keys._ms = now).toString(36).padStart(9, '0')
  keys._page ||= Math.random().toString(36).slice(2, 8)
  keys._sequence = (keys._sequence + 1) % sequenceSpan
  // The leading 1 keeps the zeros that pad the counter to four digits.
  return keys._time + (sequenceSpan + keys._sequence).toString(36).slice(1) + keys._page
}

/** JSON and its size in UTF-8 bytes. */
type Serialized = [json: string, bytes: number]

/** Events share one frozen context while the page does not change: its JSON and size are kept. */
const serialized: { _contexts?: WeakMap<object, Serialized> } = {}

function contextJson(context: RelataEvent['context'], type: string): Serialized {
  const cache = (serialized._contexts ??= new WeakMap())
  let entry = cache.get(context)
  if (!entry) {
    const json = toJson(context, `${type} context`)
    cache.set(context, (entry = [json, utf8Bytes(json)]))
  }
  return entry
}

const contextKey = ',"context":'

/**
 * A page's shared context is frozen, so its cached JSON cannot go stale: it is left out of
 * the stringify (an undefined property is skipped) and appended, which is cheaper than
 * copying the event without it. Any other event is stringified whole.
 */
function serialize(event: RelataEvent, field: string): Serialized {
  const context = event.context
  if (!context || !Object.isFrozen(context) || Object.isFrozen(event)) {
    const body = toJson(event, field)
    return [body, utf8Bytes(body)]
  }
  let head: string
  try {
    event.context = undefined as never
    head = toJson(event, field)
  } finally {
    event.context = context
  }
  const [json, bytes] = contextJson(context, event.type)
  return [`${head.slice(0, -1)}${contextKey}${json}}`, utf8Bytes(head) + contextKey.length + bytes]
}

/**
 * Serializes an event once, refusing what Data Pipelines would refuse. Dates become ISO
 * strings and BigInts strings; functions and undefined values are left out, as JSON does.
 */
export function toRecord(event: RelataEvent): OutboxRecord {
  const field = `${event.type} event`
  const [body, bytes] = serialize(event, field)
  if (bytes > limits.event) {
    throw new ValidationError(
      field,
      `is ${bytes} bytes, over the ${limits.event}-byte limit of Data Pipelines`,
      'Send fewer or smaller traits or properties.',
    )
  }
  const now = Date.now()
  return { key: nextKey(now), messageId: event.messageId, body, bytes, at: now }
}

