import { describe, expect, it } from 'vitest'
import { backoff, backoffDelay, decide, retryAfterMs } from '../../src/delivery/retry-policy'

const now = Date.parse('2026-01-01T00:00:00Z')
const answer = (status: number, retryAfter: string | null = null) => ({ status, retryAfter })

describe('backoffDelay', () => {
  it('doubles with each attempt, between half and all of the step', () => {
    expect(backoffDelay(0, 0)).toBe(500)
    expect(backoffDelay(0, 1)).toBe(1000)
    expect(backoffDelay(3, 0)).toBe(4000)
    expect(backoffDelay(3, 0.5)).toBe(6000)
  })

  it('never passes the cap', () => {
    expect(backoffDelay(50, 1)).toBe(backoff.capMs)
  })
})

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterMs('3', now)).toBe(3000)
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
  })

  it('reads nothing from absent, past or unreadable values', () => {
    expect(retryAfterMs(null, now)).toBe(0)
    expect(retryAfterMs('soon', now)).toBe(0)
    expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0)
  })
})

describe('decide', () => {
  it('counts any 2xx as delivered', () => {
    expect(decide(answer(200), 5, 0, now, 0)).toEqual({ action: 'delivered' })
    expect(decide(answer(204), 5, 0, now, 0)).toEqual({ action: 'delivered' })
  })

  it.each([0, 408, 429, 500, 502, 503])('retries status %i with backoff', (status) => {
    expect(decide(answer(status), 5, 2, now, 0)).toMatchObject({ action: 'retry', delayMs: 2000 })
  })

  it('waits at least as long as Retry-After asks', () => {
    expect(decide(answer(429, '30'), 5, 0, now, 1)).toMatchObject({ action: 'retry', delayMs: 30_000, reason: 'http-429' })
    expect(decide(answer(503, '1'), 5, 4, now, 0)).toMatchObject({ delayMs: 8000 })
  })

  it('splits a refused batch and drops a refused single event', () => {
    expect(decide(answer(400), 2, 0, now, 0)).toEqual({ action: 'split', reason: 'http-400' })
    expect(decide(answer(400), 1, 0, now, 0)).toEqual({ action: 'drop', reason: 'http-400' })
    expect(decide(answer(413), 8, 0, now, 0)).toEqual({ action: 'split', reason: 'http-413' })
    expect(decide(answer(413), 1, 0, now, 0)).toEqual({ action: 'drop', reason: 'http-413' })
  })

  it('pauses, keeping the events, when the key is refused', () => {
    expect(decide(answer(401), 3, 0, now, 0)).toEqual({ action: 'pause', reason: 'http-401' })
    expect(decide(answer(403), 3, 0, now, 0)).toEqual({ action: 'pause', reason: 'http-403' })
  })
})
