import type { OutboxRecord } from './outbox'

/** Data Pipelines' limits, in UTF-8 bytes. */
export const limits = {
  event: 32 * 1024,
  request: 500 * 1024,
  /** What a keepalive fetch or beacon may carry in flight, with room for the envelope. */
  keepalive: 60 * 1024,
} as const

/** Room for `{"batch":[…],"sentAt":"…","writeKey":"…"}` around the events. */
export const envelopeBytes = 256

/** UTF-8 length; a native regex scan settles the common all-ASCII case without encoding. */
export const utf8Bytes = (text: string): number => (/[^\0-\x7f]/.test(text) ? new TextEncoder().encode(text).length : text.length)

/** The size of one request carrying `records`: each event and its comma, in the envelope. */
export const batchBytes = (records: OutboxRecord[]) => records.reduce((bytes, record) => bytes + record.bytes + 1, envelopeBytes)

/**
 * Takes out of `records` its longest prefix that fits in one request of `maxCount` events
 * and `maxBytes` bytes. Always takes at least one record, so an event the API may refuse
 * alone is still tried, and cannot block the ones behind it.
 */
export function takeBatch(records: OutboxRecord[], maxCount: number, maxBytes: number): OutboxRecord[] {
  let bytes = envelopeBytes
  let count = 0
  // batchBytes(), counted as it goes so the loop stops at the first record that does not fit
  for (const record of records) {
    bytes += record.bytes + 1
    if (count === maxCount || (count > 0 && bytes > maxBytes)) break
    count++
  }
  return records.splice(0, count)
}
