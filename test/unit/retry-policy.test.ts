import { describe, expect, it } from 'vitest'
import { backoff, backoffDelay, decide, retryAfterMs, retryDelay } from '../../src/delivery/retry-policy'

const now = Date.parse('2026-01-01T00:00:00Z')

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
    expect(retryAfterMs('', now)).toBe(0)
    expect(retryAfterMs('0', now)).toBe(0)
    expect(retryAfterMs('Infinity', now)).toBe(0)
  })
})

describe('decide', () => {
  it('counts any 2xx as delivered', () => {
    expect(decide(200, 5)).toBe('delivered')
    expect(decide(204, 5)).toBe('delivered')
  })

  it.each([0, 408, 429, 500, 502, 503])('retries status %i with backoff', (status) => {
    expect(decide(status, 5)).toBe('retry')
    expect(retryDelay(2, null, now, 0)).toBe(2000)
  })

  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelay(0, '30', now, 1)).toBe(30_000)
    expect(retryDelay(4, '1', now, 0)).toBe(8000)
  })

  it('splits a refused batch and drops a refused single event', () => {
    expect(decide(400, 2)).toBe('split')
    expect(decide(400, 1)).toBe('drop')
    expect(decide(413, 8)).toBe('split')
    expect(decide(413, 1)).toBe('drop')
    expect(decide(422, 3)).toBe('split')
  })

  it('pauses, keeping the events, when the key is refused', () => {
    expect(decide(401, 3)).toBe('pause')
    expect(decide(403, 3)).toBe('pause')
    expect(decide(404, 3)).toBe('pause')
  })
})
