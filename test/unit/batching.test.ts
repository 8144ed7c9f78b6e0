import { describe, expect, it } from 'vitest'
import { envelopeBytes, takeBatch, utf8Bytes } from '../../src/delivery/batching'
import type { OutboxRecord } from '../../src/delivery/outbox'

const record = (bytes: number, key = String(bytes)): OutboxRecord => ({ key, messageId: key, body: 'x'.repeat(bytes), bytes, at: 0 })

describe('utf8Bytes', () => {
  it('counts ASCII, two-, three- and four-byte characters', () => {
    for (const text of ['abc', 'é', '€', '😀', 'a€😀é']) {
      expect(utf8Bytes(text)).toBe(new TextEncoder().encode(text).length)
    }
  })
})

describe('takeBatch', () => {
  it('stops at maxCount', () => {
    expect(takeBatch([record(1, 'a'), record(1, 'b'), record(1, 'c')], 2, 1000).map((r) => r.key)).toEqual(['a', 'b'])
  })

  it('stops before the batch would pass maxBytes', () => {
    const records = [record(400, 'a'), record(400, 'b'), record(400, 'c')]
    expect(takeBatch(records, 10, envelopeBytes + 802).map((r) => r.key)).toEqual(['a', 'b'])
  })

  it('always takes the first record, even when it alone is too big', () => {
    expect(takeBatch([record(5000, 'big'), record(1, 'small')], 10, 1000).map((r) => r.key)).toEqual(['big'])
  })

  it('takes nothing from nothing', () => {
    expect(takeBatch([], 10, 1000)).toEqual([])
  })
})
