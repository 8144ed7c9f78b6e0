import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { indexedDbOutbox } from '../../src/delivery/idb-outbox'
import { leaseLeadership, leaseMs, webLockLeadership, type Leadership } from '../../src/delivery/leadership'
import { requestTimeoutMs } from '../../src/delivery/transport'

type Held = Promise<unknown> | undefined

/** Web Locks that grant each request only when the test says so; a grant returns what holds the lock. */
function installLocks() {
  const grants: (() => Held)[] = []
  const request = (_name: string, _options: { signal: AbortSignal }, callback: () => Held) => new Promise<void>(() => grants.push(callback))
  vi.stubGlobal('navigator', { ...navigator, locks: { request } })
  return grants
}

/** Whether what holds the lock lets go of it, within a moment. */
const release = (held: Held) => Promise.race([Promise.resolve(held).then(() => 'released'), new Promise((resolve) => setTimeout(resolve, 50, 'held'))])

const neverFallback = (): Leadership => {
  throw new Error('the fallback was not expected')
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('webLockLeadership', () => {
  it('leads once the lock is granted, and lets go of it on stop()', async () => {
    const grants = installLocks()
    const leadership = webLockLeadership('relata:key', neverFallback)
    const onLead = vi.fn()
    leadership.start(onLead)
    const held = grants[0]?.()
    expect(held).toBeInstanceOf(Promise)
    expect(onLead).toHaveBeenCalledOnce()
    expect(leadership._leads()).toBe(true)
    leadership.stop()
    expect(leadership._leads()).toBe(false)
    await expect(release(held)).resolves.toBe('released')
  })

  it('lets go at once of a lock granted after stop(), without leading', async () => {
    const grants = installLocks()
    const leadership = webLockLeadership('relata:key', neverFallback)
    const onLead = vi.fn()
    leadership.start(onLead)
    leadership.stop()
    const held = grants[0]?.()
    // A lock held for good would keep every other tab from sending while this page lives.
    await expect(release(held)).resolves.toBe('released')
    expect(onLead).not.toHaveBeenCalled()
    expect(leadership._leads()).toBe(false)
  })

  it('hands over to the fallback where Web Locks are missing', async () => {
    vi.stubGlobal('navigator', { ...navigator, locks: undefined })
    const lease: Leadership = { start: vi.fn(), _confirm: async () => true, _leads: () => true, stop: vi.fn() }
    const leadership = webLockLeadership('relata:key', () => lease)
    const onLead = vi.fn()
    leadership.start(onLead)
    await vi.waitFor(() => expect(lease.start).toHaveBeenCalledWith(onLead))
    expect(leadership._leads()).toBe(true)
  })
})

describe('leaseLeadership', () => {
  it('leaves the lease free when stopped while its first claim is still in flight', async () => {
    const outbox = indexedDbOutbox(`lease-${Math.random()}`, { _maxEvents: 100, _maxBytes: 1e6 }, 2)
    const leadership = leaseLeadership(outbox, 'tab-a', 10_000)
    const onLead = vi.fn()
    leadership.start(onLead)
    // close() right after load(): the claim has not landed yet.
    leadership.stop()
    expect(await outbox._claimLease('tab-b', Date.now(), 10_000)).toBe(true)
    expect(onLead).not.toHaveBeenCalled()
  })

  it('outlasts the longest request sent after a claim, however late a hidden tab renews it', async () => {
    const outbox = indexedDbOutbox(`lease-${Math.random()}`, { _maxEvents: 100, _maxBytes: 1e6 }, 2)
    const sending = leaseLeadership(outbox, 'tab-a', leaseMs)
    // The sending tab claims before each request; the request then runs to its timeout.
    expect(await sending._confirm()).toBe(true)
    expect(await outbox._claimLease('tab-b', Date.now() + requestTimeoutMs, leaseMs)).toBe(false)
  })

  it('never takes a lease another tab holds, not even to free it on stop()', async () => {
    const outbox = indexedDbOutbox(`lease-${Math.random()}`, { _maxEvents: 100, _maxBytes: 1e6 }, 2)
    expect(await outbox._claimLease('tab-b', Date.now(), 10_000)).toBe(true)
    const leadership = leaseLeadership(outbox, 'tab-a', 10_000)
    leadership.start(() => {})
    leadership.stop()
    expect(await outbox._claimLease('tab-c', Date.now(), 10_000)).toBe(false)
    expect(await outbox._claimLease('tab-b', Date.now(), 10_000)).toBe(true)
  })
})
