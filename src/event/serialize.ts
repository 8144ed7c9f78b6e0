import { limits, utf8Bytes } from '../delivery/batching'
import type { OutboxRecord } from '../delivery/outbox'
import { ValidationError } from '../errors'
import { toJson } from '../json'
import type { RelataEvent } from '../types'

/** Keys sort in acceptance order across page loads and tabs: time, then a counter, then the page. */
const keys = { sequence: 0, page: '' }

function nextKey(now: number): string {
  keys.page ||= Math.random().toString(36).slice(2, 8)
  keys.sequence = (keys.sequence + 1) % 1679616
  return now.toString(36).padStart(9, '0') + keys.sequence.toString(36).padStart(4, '0') + keys.page
}

/**
 * Events share one context object while the page does not change, so its JSON and size
 * are kept with it rather than worked out again for every event.
 */
const serialized = { contexts: undefined as WeakMap<object, { json: string; bytes: number }> | undefined }

function contextJson(context: RelataEvent['context'], type: string): { json: string; bytes: number } {
  const cache = (serialized.contexts ??= new WeakMap())
  let entry = cache.get(context)
  if (entry === undefined) {
    const json = toJson(context, `${type} context`)
    cache.set(context, (entry = { json, bytes: utf8Bytes(json) }))
  }
  return entry
}

const contextKey = ',"context":'

/**
 * Serializes an event once, refusing what Data Pipelines would refuse. Dates become ISO
 * strings and BigInts strings; functions and undefined values are left out, as JSON does.
 */
export function toRecord(event: RelataEvent): OutboxRecord {
  // The context is left out of the stringify (an undefined property is skipped) and its
  // cached JSON appended: cheaper than copying the event without it.
  const context = event.context
  let head: string
  try {
    event.context = undefined as never
    head = toJson(event, `${event.type} event`)
  } finally {
    event.context = context
  }
  const cached = contextJson(context, event.type)
  const body = `${head.slice(0, -1)}${contextKey}${cached.json}}`
  const bytes = utf8Bytes(head) + contextKey.length + cached.bytes
  if (bytes > limits.event) {
    throw new ValidationError(
      `${event.type} event`,
      `is ${bytes} bytes, over the ${limits.event}-byte limit of Data Pipelines`,
      'Send fewer or smaller traits or properties.',
    )
  }
  const now = Date.now()
  return { key: nextKey(now), messageId: event.messageId, body, bytes, at: now }
}

