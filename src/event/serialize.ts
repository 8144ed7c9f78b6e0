import { limits, utf8Bytes } from '../delivery/batching'
import type { OutboxRecord } from '../delivery/outbox'
import { ValidationError } from '../errors'
import { toJson } from '../json'
import type { RelataEvent } from '../types'

let sequence = 0

/** Keys sort in acceptance order across page loads and tabs. */
function nextKey(now: number): string {
  sequence = (sequence + 1) % 1679616
  return `${now.toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}${Math.random().toString(36).slice(2, 6)}`
}

/**
 * Serializes an event once, refusing what Data Pipelines would refuse. Dates become ISO
 * strings and BigInts strings; functions and undefined values are left out, as JSON does.
 */
export function toRecord(event: RelataEvent): OutboxRecord {
  const body = toJson(event, `${event.type} event`)
  const bytes = utf8Bytes(body)
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

