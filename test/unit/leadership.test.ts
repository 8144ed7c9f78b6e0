import { afterEach, describe, expect, it, vi } from 'vitest'
import { webLockLeadership, type Leadership } from '../../src/delivery/leadership'

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
})
