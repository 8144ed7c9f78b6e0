import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Analytics } from '../../src/client/client'
import { legacyCio } from '../../src/legacy/cio'
import { freshClient } from './helpers'

let analytics: Analytics

beforeEach(() => void ({ analytics } = freshClient()))
afterEach(() => analytics.close())

/** Every listener call, as `[name, ...arguments]`. */
function heard(names: string[]): unknown[][] {
  const calls: unknown[][] = []
  for (const name of names) analytics.on(name as 'track', (...args: unknown[]) => calls.push([name, ...args]))
  return calls
}

describe("analytics.js's call events", () => {
  it("fire with analytics.js's arguments once each call's event is accepted", async () => {
    const calls = heard(['track', 'page', 'screen', 'identify', 'group', 'alias', 'reset'])
    await analytics.identify('u1', { plan: 'pro' }, { context: { ip: '0.0.0.0' } })
    await analytics.track('Course Started', { course: 'math101' })
    await analytics.page('Docs', 'Install', { section: 'npm' })
    await analytics.screen('Settings', { tab: 'billing' })
    await analytics.group('acme', { name: 'Acme' })
    await analytics.alias('u2')
    analytics.reset()
    expect(calls.map(([name]) => name)).toEqual(['identify', 'track', 'page', 'screen', 'group', 'alias', 'reset'])
    expect(calls[0]).toEqual(['identify', 'u1', { plan: 'pro' }, { context: { ip: '0.0.0.0' } }])
    expect(calls[1]).toEqual(['track', 'Course Started', { course: 'math101' }, {}])
    expect(calls[2]).toMatchObject(['page', 'Docs', 'Install', { section: 'npm', category: 'Docs', name: 'Install', path: location.pathname }, {}])
    expect(calls[3]).toEqual(['screen', null, 'Settings', { tab: 'billing' }, {}])
    expect(calls[4]).toEqual(['group', 'acme', { name: 'Acme' }, {}])
    expect(calls[5]).toEqual(['alias', 'u2', 'u1', {}])
    expect(calls[6]).toEqual(['reset'])
  })

  it('fire only for accepted events: a refused call is reported to error listeners alone', async () => {
    const calls = heard(['track', 'error'])
    await expect(analytics.track('')).rejects.toThrow('track event name')
    expect(calls).toHaveLength(1)
    expect(calls[0]?.[0]).toBe('error')
  })

  it('fire after the callback, as in analytics.js, and a throwing listener stops neither the callback nor the event', async () => {
    const order: string[] = []
    analytics.on('track', () => {
      order.push('listener')
      throw new Error('listener bug')
    })
    // Holds back the task relata rethrows on (no delay given), and lets its own timers run.
    const later: Array<() => void> = []
    const realSetTimeout = globalThis.setTimeout
    const timers = vi
      .spyOn(globalThis, 'setTimeout')
      .mockImplementation(((task: () => void, delay?: number) => (delay === undefined ? (later.push(task), 0) : realSetTimeout(task, delay))) as never)
    let event
    try {
      event = await analytics.track('Signed Up', {}, {}, () => order.push('callback'))
    } finally {
      timers.mockRestore()
    }
    expect(order).toEqual(['callback', 'listener'])
    expect(event.event).toBe('Signed Up')
    // The listener's error is rethrown on a task of its own, where the page's handlers see it.
    expect(later).toHaveLength(1)
    expect(() => later[0]!()).toThrow('listener bug')
  })

  it('once() hears one call, off() none', async () => {
    const once: unknown[] = []
    const off: unknown[] = []
    const offListener = (name: string) => off.push(name)
    analytics.once('track', (name) => once.push(name))
    analytics.on('track', offListener)
    analytics.off('track', offListener)
    await analytics.track('First')
    await analytics.track('Second')
    expect(once).toEqual(['First'])
    expect(off).toEqual([])
  })

  it('object helpers fire the call they send, and _cio.on hears the calls too', async () => {
    const names: unknown[] = []
    const cio = legacyCio(analytics, { _options: { writeKey: 'test-key' }, _useArrayParams: true, _autoTrackPage: false })
    cio.on('track', ((name: string) => names.push(name)) as (...args: never[]) => void)
    cio.on('group', ((groupId: string) => names.push(`group ${groupId}`)) as (...args: never[]) => void)
    await analytics.identify('u1')
    await analytics.relate('acme')
    await analytics.unrelate('acme')
    cio.track('Legacy Event')
    await analytics.flush()
    expect(names).toEqual(['group acme', 'Relationship Deleted', 'Legacy Event'])
  })
})
