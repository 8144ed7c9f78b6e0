import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Analytics } from '../../src/client/client'
import { clearBrowserState, loadClient, recordFetch } from './helpers'

let analytics: Analytics

beforeEach(() => {
  clearBrowserState()
  recordFetch()
  analytics = loadClient()
})
afterEach(() => analytics.close())

describe('identify', () => {
  it('takes userId, traits, options and a callback', async () => {
    const callback = vi.fn()
    const event = await analytics.identify('u1', { plan: 'pro' }, { context: { ip: '1.2.3.4' } }, callback)
    expect(event).toMatchObject({ type: 'identify', userId: 'u1', traits: { plan: 'pro' } })
    expect(event.context.ip).toBe('1.2.3.4')
    expect(callback).toHaveBeenCalledWith(null, event)
  })

  it('takes traits alone for an anonymous visitor', async () => {
    const event = await analytics.identify({ email: 'a@example.com' })
    expect(event.userId).toBeUndefined()
    expect(event.traits).toEqual({ email: 'a@example.com' })
    expect(event.anonymousId).toBe(analytics.user().anonymousId())
  })

  it('turns a numeric userId into a string', async () => {
    expect((await analytics.identify(42)).userId).toBe('42')
  })

  it('accepts a callback in place of traits', async () => {
    const callback = vi.fn()
    await analytics.identify('u1', callback as never)
    expect(callback).toHaveBeenCalledOnce()
  })
})

describe('track', () => {
  it('takes event, properties, options and a callback', async () => {
    const callback = vi.fn()
    const event = await analytics.track('Signed Up', { plan: 'pro' }, { integrations: { All: true } }, callback)
    expect(event).toMatchObject({ type: 'track', event: 'Signed Up', properties: { plan: 'pro' }, integrations: { All: true } })
    expect(callback).toHaveBeenCalledWith(null, event)
  })

  it('sends empty properties when none are given', async () => {
    expect((await analytics.track('Clicked')).properties).toEqual({})
  })

  it('rejects a missing event name and names the fix', async () => {
    const onError = vi.fn()
    analytics.on('error', onError)
    await expect(analytics.track('' as string)).rejects.toThrow(/track event name is missing.*analytics\.track\('Signed Up'\)/)
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ reason: 'validation' }))
  })

  it('passes the validation error to the callback', async () => {
    const callback = vi.fn()
    await analytics.track(undefined as unknown as string, {}, {}, callback).catch(() => {})
    expect(callback.mock.calls[0]?.[0]).toBeInstanceOf(Error)
  })
})

describe('page', () => {
  it('takes a null or undefined in the place of a name as no name, as analytics.js does', async () => {
    expect(await analytics.page('Home', undefined)).toMatchObject({ name: 'Home', properties: { name: 'Home' } })
    expect((await analytics.page('Home', undefined)).properties?.category).toBeUndefined()
    expect(await analytics.page(null, 'Home', { section: 'a' })).toMatchObject({ name: 'Home', properties: { section: 'a' } })
    expect(await analytics.page('Docs', 'Install')).toMatchObject({ name: 'Install', properties: { category: 'Docs' } })
  })

  it('reads (category, name, properties, options)', async () => {
    const event = await analytics.page('Docs', 'Install', { section: 'npm' }, { context: { ip: '5.6.7.8' } })
    expect(event).toMatchObject({ type: 'page', name: 'Install', properties: { category: 'Docs', name: 'Install', section: 'npm' } })
    expect(event.context.ip).toBe('5.6.7.8')
  })

  it('reads (name)', async () => {
    const event = await analytics.page('Pricing')
    expect(event.name).toBe('Pricing')
    expect(event.properties?.category).toBeUndefined()
  })

  it('reads (name, properties)', async () => {
    const event = await analytics.page('Pricing', { plan: 'pro' })
    expect(event).toMatchObject({ name: 'Pricing', properties: { plan: 'pro' } })
  })

  it('reads (properties) and ()', async () => {
    expect((await analytics.page({ plan: 'pro' })).properties?.plan).toBe('pro')
    const bare = await analytics.page()
    expect(bare.name).toBeUndefined()
    expect(bare.properties).toMatchObject({ path: '/docs/start', url: 'https://shop.example.com/docs/start?utm_source=news&utm_campaign=spring' })
  })

  it('copies the page fields into properties, letting given properties win', async () => {
    const event = await analytics.page({ title: 'Custom' })
    expect(event.properties).toMatchObject({ path: '/docs/start', search: '?utm_source=news&utm_campaign=spring', title: 'Custom', referrer: '' })
  })
})

describe('screen, group and alias', () => {
  it('screen takes name and properties', async () => {
    expect(await analytics.screen('Settings', { tab: 'billing' })).toMatchObject({ type: 'screen', name: 'Settings', properties: { tab: 'billing' } })
  })

  it('group takes groupId and traits', async () => {
    expect(await analytics.group('acme', { name: 'Acme' })).toMatchObject({ type: 'group', groupId: 'acme', traits: { name: 'Acme' } })
  })

  it('group refuses a missing groupId', async () => {
    await expect(analytics.group('' as string)).rejects.toThrow(/group groupId is missing/)
  })

  it('alias defaults previousId to the anonymousId, then to the userId', async () => {
    const anonymous = analytics.user().anonymousId()
    expect(await analytics.alias('u1')).toMatchObject({ type: 'alias', userId: 'u1', previousId: anonymous })
    await analytics.identify('u1')
    expect(await analytics.alias('u2')).toMatchObject({ userId: 'u2', previousId: 'u1' })
    expect(await analytics.alias('u3', 'old')).toMatchObject({ userId: 'u3', previousId: 'old' })
  })

  it('alias refuses a missing userId', async () => {
    await expect(analytics.alias('' as string)).rejects.toThrow(/alias userId is missing/)
  })
})

describe('screen', () => {
  it("takes page()'s arguments: (category, name, properties, options)", async () => {
    const event = await analytics.screen('Account', 'Billing', { tab: 'cards' }, { context: { ip: '5.6.7.8' } })
    expect(event).toMatchObject({ type: 'screen', name: 'Billing', properties: { category: 'Account', tab: 'cards' } })
    expect(event.context.ip).toBe('5.6.7.8')
    expect(await analytics.screen('Settings', { tab: 'billing' })).toMatchObject({ name: 'Settings', properties: { tab: 'billing' } })
  })
})

describe('options.timestamp', () => {
  it('takes a Date, an ISO string or epoch milliseconds, and null as now', async () => {
    const iso = '2024-01-02T03:04:05.000Z'
    for (const timestamp of [new Date(iso), iso, Date.parse(iso)]) {
      expect((await analytics.track('Timed', {}, { timestamp })).timestamp).toBe(iso)
    }
    const before = Date.now()
    const event = await analytics.track('Now', {}, { timestamp: null as never })
    expect(Date.parse(event.timestamp)).toBeGreaterThanOrEqual(before - 1)
  })
})
