import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ValidationError } from '../../src/errors'
import type { Analytics } from '../../src/client/client'
import { freshClient, sentEvents, type SentRequest } from './helpers'

let analytics: Analytics
let sent: SentRequest[]

beforeEach(() => void ({ analytics, sent } = freshClient()))
afterEach(() => analytics.close())

describe('the 32 KB event limit', () => {
  it('refuses an event over 32 KB with a clear error and still sends the others', async () => {
    const errors: string[] = []
    analytics.on('error', ({ error }) => errors.push(error.message))
    const good = analytics.track('Small')
    const big = analytics.track('Huge', { blob: 'x'.repeat(33 * 1024) })
    await expect(big).rejects.toBeInstanceOf(ValidationError)
    await expect(big).rejects.toThrow(/track event is \d+ bytes, over the 32768-byte limit/)
    await good
    await analytics.flush()
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['Small'])
    expect(errors).toHaveLength(1)
  })

  it('counts multi-byte characters in UTF-8', async () => {
    // 11,000 three-byte characters: 33,000 bytes but only 11,000 string units.
    await expect(analytics.track('Wide', { text: '€'.repeat(11_000) })).rejects.toThrow(/over the 32768-byte limit/)
  })

  it('refuses values JSON cannot carry without breaking the queue', async () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    await expect(analytics.track('Cyclic', cyclic)).rejects.toThrow(/cannot be sent as JSON/)
    await analytics.track('After')
    await analytics.flush()
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['After'])
  })
})

describe('record sizes', () => {
  it('match the UTF-8 length of the JSON actually sent', async () => {
    const { toRecord } = await import('../../src/event/serialize')
    for (const text of ['plain', 'é€😀', 'x'.repeat(1000)]) {
      const event = await analytics.track('Sized', { text }, { context: { note: '€ in the context' } })
      const record = toRecord(event)
      expect(record.bytes).toBe(new TextEncoder().encode(record.body).length)
      expect(JSON.parse(record.body)).toEqual(JSON.parse(JSON.stringify(event)))
    }
  })
})
