import { describe, expect, it } from 'vitest'
import { backoff, backoffDelay, refusesEvents, refusesKey, retryAfterMs, retryDelay, succeeded } from '../../src/delivery/retry-policy'

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

describe('the rules by status', () => {
  it('counts any 2xx as delivered', () => {
    expect(succeeded(200)).toBe(true)
    expect(succeeded(204)).toBe(true)
    expect(succeeded(302)).toBe(false)
  })

  it.each([0, 408, 429, 500, 502, 503])('retries status %i with backoff', (status) => {
    expect([succeeded(status), refusesEvents(status), refusesKey(status)]).toEqual([false, false, false])
    expect(retryDelay(2, null, now, 0)).toBe(2000)
  })

  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelay(0, '30', now, 1)).toBe(30_000)
    expect(retryDelay(4, '1', now, 0)).toBe(8000)
  })

  it('splits and drops refused events: 400, 413, 422', () => {
    for (const status of [400, 413, 422]) expect([succeeded(status), refusesEvents(status), refusesKey(status)]).toEqual([false, true, false])
  })

  it('pauses, keeping the events, when the key is refused: 401, 403, 404', () => {
    for (const status of [401, 403, 404]) expect([succeeded(status), refusesEvents(status), refusesKey(status)]).toEqual([false, false, true])
  })
})
