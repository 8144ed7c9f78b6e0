import { beforeEach, describe, expect, it } from 'vitest'
import { validatePayload } from '../../demo/collector/validate.mjs'
import { eventually, openPage, useBrowserAndCollector } from './harness'

const shared = useBrowserAndCollector()
beforeEach(() => {
  shared.collector.requests.length = 0
})

describe('core delivery in Chromium', () => {
  it('delivers all six call types cross-origin with ids, context and page fields', async () => {
    const context = await shared.browser.newContext()
    const page = await openPage(context, shared.collector, 'core.html', { utm_source: 'e2e', utm_medium: 'test' })
    const origin = new URL(page.url()).origin
    await page.evaluate(async () => {
      const analytics = (window as any).analytics
      await analytics.identify({ email: 'anon@example.com' })
      await analytics.identify('user-1', { name: 'Ada' })
      await analytics.track('Course Started', { course: 'math101' })
      await analytics.page('Docs', 'Install')
      await analytics.screen('Settings')
      await analytics.group('acme', { name: 'Acme', objectTypeId: '1' })
      await analytics.alias('user-2')
      await analytics.flush()
    })
    await eventually(() => expect(shared.collector.events()).toHaveLength(7))
    const events = shared.collector.events()
    expect(events.map((event: any) => event.type)).toEqual(['identify', 'identify', 'track', 'page', 'screen', 'group', 'alias'])
    for (const request of shared.collector.requests) {
      expect(validatePayload('batch', request.body)).toEqual([])
      expect(request.body.writeKey).toBe('e2e-key')
      expect(new URL(origin).hostname).toBe('localhost')
    }
    const anonymousId = events[0].anonymousId
    const [, known, track, pageView] = events
    expect(known).toMatchObject({ userId: 'user-1', anonymousId, traits: { email: 'anon@example.com', name: 'Ada' } })
    expect(track).toMatchObject({ event: 'Course Started', userId: 'user-1', properties: { course: 'math101' } })
    expect(track.context).toMatchObject({
      library: { name: 'relata' },
      page: { path: '/canonical/core', title: 'relata core test page', url: expect.stringMatching(/^http:\/\/localhost:\d+\/canonical\/core\?/) },
      campaign: { source: 'e2e', medium: 'test' },
      locale: expect.any(String),
      timezone: expect.any(String),
      userAgent: expect.stringContaining('Chrome'),
    })
    expect(pageView).toMatchObject({ name: 'Install', properties: { category: 'Docs', path: '/canonical/core', title: 'relata core test page' } })
    expect(new Set(events.map((event: any) => event.messageId)).size).toBe(7)
    await context.close()
  })

  it('gives each call the page as it is at that moment, after pushState, replaceState or a title change in the same task', async () => {
    const context = await shared.browser.newContext()
    const page = await openPage(context, shared.collector, 'core.html')
    await page.evaluate(async () => {
      const analytics = (window as any).analytics
      document.querySelector('link[rel=canonical]')?.remove()
      history.pushState({}, '', '/spa/one')
      analytics.track('After Push')
      history.replaceState({}, '', '/spa/two?tab=billing')
      analytics.track('After Replace')
      document.title = 'Billing'
      analytics.track('After Title')
      history.pushState({}, '', '/spa/three')
      await analytics.page()
      await analytics.flush()
    })
    await eventually(() => expect(shared.collector.events()).toHaveLength(4))
    const pages = shared.collector.events().map((event: any) => event.context.page)
    expect(pages.map((fields: any) => [fields.path, fields.search, fields.title])).toEqual([
      ['/spa/one', '', 'relata core test page'],
      ['/spa/two', '?tab=billing', 'relata core test page'],
      ['/spa/two', '?tab=billing', 'Billing'],
      ['/spa/three', '', 'Billing'],
    ])
    expect(pages[3].url).toMatch(/^http:\/\/localhost:\d+\/spa\/three$/)
    await context.close()
  })

  it('holds nothing of a delivered request: the browser releases each fetch and its abort signal, and relata its bookkeeping, once answered', async () => {
    const context = await shared.browser.newContext()
    const page = await openPage(context, shared.collector, 'core.html', { flushAt: '10' })
    const cdp = await context.newCDPSession(page)
    // Live objects of a kind, after a full collection: an unread response body keeps a
    // promise per request, a timeout signal an AbortSignal until it fires, and bookkeeping
    // gathered with Promise.all an array per request.
    const live = async (prototypeExpression: string) => {
      await cdp.send('HeapProfiler.collectGarbage')
      const { result: prototype } = await cdp.send('Runtime.evaluate', { expression: prototypeExpression })
      const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: prototype.objectId! })
      const { result } = await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId!, functionDeclaration: 'function () { return this.length }', returnByValue: true })
      return result.value as number
    }
    const livePromises = () => live('Promise.prototype')
    const liveSignals = () => live('AbortSignal.prototype')
    const liveArrays = () => live('Array.prototype')
    await page.evaluate(() => (window as any).analytics.flush())
    const before = await livePromises()
    const signalsBefore = await liveSignals()
    const arraysBefore = await liveArrays()
    const requestsBefore = shared.collector.requests.length
    await page.evaluate(async () => {
      for (let i = 0; i < 400; i++) (window as any).analytics.track('Released', { i })
      await (window as any).analytics.flush()
    })
    await eventually(() => expect(shared.collector.events().filter((event: any) => event.event === 'Released')).toHaveLength(400))
    await page.waitForTimeout(300)
    expect(shared.collector.requests.length - requestsBefore).toBeGreaterThanOrEqual(40)
    expect((await livePromises()) - before).toBeLessThan(20)
    expect((await liveSignals()) - signalsBefore).toBeLessThan(5)
    expect((await liveArrays()) - arraysBefore).toBeLessThan(20)
    await context.close()
  })

  it('keeps the anonymousId in a first-party cookie across page loads', async () => {
    const context = await shared.browser.newContext()
    const page = await openPage(context, shared.collector, 'core.html')
    const first = await page.evaluate(() => (window as any).analytics.user().anonymousId())
    await page.reload()
    const second = await page.evaluate(() => (window as any).analytics.user().anonymousId())
    expect(second).toBe(first)
    const cookies = await context.cookies()
    expect(cookies.find((cookie) => cookie.name === 'ajs_anonymous_id')).toMatchObject({ sameSite: 'Lax', value: encodeURIComponent(JSON.stringify(first)) })
    await context.close()
  })

  it('delivers what is still queued when the page navigates away', async () => {
    const context = await shared.browser.newContext()
    const page = await openPage(context, shared.collector, 'core.html')
    const navigated = page.waitForEvent('load')
    // The navigation may tear down the page before evaluate's answer comes back.
    await page
      .evaluate(() => {
        ;(window as any).analytics.track('Left The Page')
        location.href = '/core.html'
      })
      .catch(() => {})
    await navigated
    await eventually(() => expect(shared.collector.events().map((event: any) => event.event)).toContain('Left The Page'))
    await context.close()
  })
})
