import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCollector } from '../../demo/collector/collector.mjs'
import { validatePayload } from '../../demo/collector/validate.mjs'
import { eventually, launchChromium, type Collector } from './harness'

const segmentSnippet = createRequire(import.meta.url)('@segment/snippet') as { min(options: object): string }
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')
const bundle = () => read('../../dist/relata.min.js')

let browser: Browser
let collector: Collector
let context: BrowserContext
// Pages are rendered from the templates in ./pages into a directory the collector serves,
// so they come from a real loopback server, as a site's pages would come from theirs.
const renderedPages = mkdtempSync(join(tmpdir(), 'relata-snippet-pages-'))
let rendered = 0

beforeAll(async () => {
  ;[browser, collector] = await Promise.all([launchChromium(), startCollector({ pages: renderedPages })])
})
afterAll(async () => {
  await browser?.close()
  await collector?.close()
  rmSync(renderedPages, { recursive: true, force: true })
})
beforeEach(async () => {
  await context?.close()
  context = await browser.newContext()
  collector.reset()
})

const apiHost = () => `${collector.url}/v1`

/** relata's built snippet, filled in as its README tells a site to. */
function ourSnippet(): string {
  return read('../../dist/snippet.min.js')
    .replace('YOUR_BUNDLE_URL', '/dist/relata.min.js')
    .replace('analytics.load("YOUR_WRITE_KEY")', `analytics.load("e2e-key", { apiHost: "${apiHost()}", flushInterval: 100 })`)
}

/**
 * Renders test/e2e/pages/`file` with its {{PLACEHOLDERS}} filled and opens it; the bundle
 * is served `bundleDelayMs` late so the calls made meanwhile are buffered.
 */
async function openRendered(file: string, values: Record<string, string>, bundleDelayMs = 0): Promise<Page> {
  const page = await context.newPage()
  const name = `${rendered++}-${file}`
  writeFileSync(join(renderedPages, name), read(`./pages/${file}`).replace(/{{(\w+)}}/g, (_, key: string) => values[key] ?? ''))
  const url = `http://localhost:${collector.port}/${name}`
  const serveBundle = async (route: { fulfill(options: object): Promise<void> }) => {
    await new Promise((resolve) => setTimeout(resolve, bundleDelayMs))
    await route.fulfill({ contentType: 'text/javascript', body: bundle() })
  }
  await page.route('**/dist/relata.min.js', serveBundle)
  await page.route('https://cdn.segment.test/**', serveBundle)
  await page.route('https://cdp.customer.io/v1/analytics-js/snippet/**', serveBundle)
  await page.goto(url)
  return page
}

/** The console lines of every page of the context, from now on. */
const consoleOf = (of: BrowserContext) => {
  const lines: string[] = []
  of.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`))
  return lines
}

const namesOf = (events: any[]) => events.map((event) => (event.type === 'track' ? event.event : event.type))

describe('relata snippet', () => {
  it('replays buffered calls in call order with their call time and page, then goes live', async () => {
    const page = await openRendered('snippet-relata.html', { SNIPPET: ourSnippet() }, 400)
    await page.waitForFunction(() => (window as any).analytics.initialized === true)
    const loadedAt = await page.evaluate(() => Date.now())
    await page.evaluate(() => (window as any).analytics.track('Live Call'))
    await eventually(() => expect(namesOf(collector.events())).toContain('Live Call'))
    const events = collector.events()
    expect(namesOf(events)).toEqual(['page', 'identify', 'Buffered First', 'Buffered Second', 'Live Call'])
    const callTimes = await page.evaluate(() => (window as any).callTimes)
    const [pageView, identify, first, second, live] = events
    expect(Math.abs(Date.parse(first.timestamp) - callTimes.first)).toBeLessThan(50)
    expect(Math.abs(Date.parse(second.timestamp) - callTimes.second)).toBeLessThan(50)
    expect(loadedAt - callTimes.second).toBeGreaterThan(300)
    expect(Date.parse(live.timestamp)).toBeGreaterThanOrEqual(loadedAt)
    expect(pageView.properties).toMatchObject({ path: expect.stringMatching(/snippet-relata\.html$/), title: 'relata snippet page' })
    expect(first.context.page).toMatchObject({ path: expect.stringMatching(/snippet-relata\.html$/), title: 'relata snippet page', search: '' })
    expect(second.context.page).toMatchObject({ path: '/moved/later', title: 'moved title', search: '?utm_source=moved' })
    expect(second.context.campaign).toEqual({ source: 'moved' })
    expect(identify).toMatchObject({ userId: 'user-1', traits: { plan: 'pro' } })
    // as in analytics.js, buffered source middleware applies first: the snippet's own page(),
    // buffered before the middleware was added, passes it too
    expect(events.map((event: any) => event.context.viaMiddleware)).toEqual([true, true, true, true, true])
    for (const request of collector.requests) expect(validatePayload('batch', request.body)).toEqual([])
    expect(await page.evaluate(() => (window as any).readyCalled)).toBe(true)
  })

  it('keeps replaying after a buffered call throws, and reports the refusal', async () => {
    const lines = consoleOf(context)
    await openRendered('snippet-relata.html', { SNIPPET: ourSnippet() })
    await eventually(() => expect(namesOf(collector.events())).toContain('Buffered Second'))
    expect(namesOf(collector.events())).not.toContain('Dropped By Middleware')
    expect(lines.some((line) => line.startsWith('error: relata: buffered setAnonymousId() threw'))).toBe(true)
  })

  it('does nothing but warn when the snippet is included twice', async () => {
    const lines = consoleOf(context)
    const page = await openRendered('snippet-relata.html', { SNIPPET: ourSnippet(), TWICE: ourSnippet() }, 200)
    await eventually(() => expect(namesOf(collector.events())).toContain('Buffered Second'))
    await page.evaluate(() => (window as any).analytics.flush())
    expect(namesOf(collector.events()).filter((name) => name === 'page')).toHaveLength(1)
    expect(lines).toContain('warning: relata: snippet included twice; this copy does nothing')
    const loads = await page.evaluate(() => [...document.scripts].filter((script) => script.src.endsWith('/dist/relata.min.js')).length)
    expect(loads).toBe(1)
  })

  it('shares one client and identity with the legacy _cio snippet on the same page', async () => {
    const page = await openRendered('snippet-with-cio.html', { SNIPPET: ourSnippet(), API_HOST: apiHost() })
    await eventually(() => expect(namesOf(collector.events())).toEqual(expect.arrayContaining(['From Analytics', 'From Cio'])))
    const events = collector.events()
    expect(new Set(events.map((event: any) => event.anonymousId)).size).toBe(1)
    expect(events.find((event: any) => event.event === 'From Cio').userId).toBe('shared-user')
    expect(await page.evaluate(() => (window as any).analytics.user().id())).toBe('shared-user')
    expect(namesOf(events).filter((name) => name === 'page')).toHaveLength(1)
  })
})

describe("Segment's v5 snippet", () => {
  const render = () =>
    segmentSnippet.min({
      apiKey: 'seg-key',
      host: 'cdn.segment.test',
      load: { integrations: { 'Segment.io': { apiHost: `127.0.0.1:${collector.port}/v1`, protocol: 'http' } } },
      page: true,
    })

  it('loads relata unmodified and replays its buffered calls with their page context', async () => {
    const page = await openRendered('segment-v5.html', { SNIPPET: render() }, 300)
    await page.waitForFunction(() => (window as any).analytics.initialized === true)
    await page.evaluate(() => {
      history.pushState({}, '', '/after-load')
      document.querySelector('link[rel=canonical]')?.remove()
      ;(window as any).staleReference.track('Through Stale Stub')
      ;(window as any).analytics.track('Segment Live')
    })
    await eventually(() => expect(namesOf(collector.events())).toContain('Segment Live'))
    const events = collector.events()
    expect(namesOf(events)).toEqual(['page', 'identify', 'Segment Buffered', 'group', 'Through Stale Stub', 'Segment Live'])
    expect(collector.requests[0]?.body.writeKey).toBe('seg-key')
    const [pageView, identify, buffered, group, , live] = events
    expect(pageView.properties).toMatchObject({ path: '/canonical/segment', title: 'segment snippet page' })
    expect(buffered.context.page).toMatchObject({ path: '/canonical/segment', url: `http://localhost:${collector.port}/canonical/segment` })
    expect(live.context.page).toMatchObject({ path: '/after-load' })
    expect(identify).toMatchObject({ userId: 'seg-user', traits: { email: 'seg@example.com' } })
    expect(group).toMatchObject({ groupId: 'acme', userId: 'seg-user' })
    for (const request of collector.requests) expect(validatePayload('batch', request.body)).toEqual([])
  })
})

describe("Customer.io's CDP snippet", () => {
  it('loads relata on cioanalytics and sends to the apiHost of its load options', async () => {
    const page = await openRendered('cio-cdp.html', { WRITE_KEY: 'cdp-key', API_HOST: `127.0.0.1:${collector.port}/v1` })
    await page.waitForFunction(() => (window as any).cioanalytics.initialized === true)
    await page.evaluate(() => (window as any).cioanalytics.track('CDP Live'))
    await eventually(() => expect(namesOf(collector.events())).toContain('CDP Live'))
    expect(namesOf(collector.events())).toEqual(['page', 'identify', 'CDP Buffered', 'CDP Live'])
    expect(collector.requests[0]?.body.writeKey).toBe('cdp-key')
    expect(collector.events()[3].userId).toBe('cdp-user')
  })
})

describe('legacy _cio snippet', () => {
  const withArrayParams = "t.setAttribute('data-use-array-params', 'true');"

  it('sends identify, relationships as group and Relationship Deleted calls, track and page', async () => {
    await openRendered('legacy-cio.html', { API_HOST: apiHost(), ARRAY_PARAMS: withArrayParams })
    await eventually(() => expect(collector.events()).toHaveLength(10))
    const events = collector.events()
    expect(namesOf(events)).toEqual(['identify', 'group', 'group', 'identify', 'Relationship Deleted', 'identify', 'group', 'Legacy Purchase', 'page', 'page'])
    const [identify, acme, math, , deleted, , globex, purchase, pricing, autoPage] = events
    expect(identify).toMatchObject({ userId: 'legacy-user', traits: { email: 'legacy@example.com', created_at: 1700000000, tags: ['a', 'b'] } })
    expect(identify.traits).not.toHaveProperty('cio_relationships')
    expect(acme).toMatchObject({ userId: 'legacy-user', groupId: 'acme', traits: { object_type_id: '1', relationshipAttributes: { role: 'admin' } } })
    expect(math).toMatchObject({ groupId: 'math101', traits: { object_type_id: '2' } })
    expect(deleted).toMatchObject({ userId: 'legacy-user', properties: { objectId: 'old-course', objectTypeId: 2 } })
    expect(globex).toMatchObject({ groupId: 'globex', traits: { object_type_id: '1' } })
    expect(purchase.properties).toEqual({ items: ['x', 'y'] })
    expect(pricing).toMatchObject({ name: '/pricing', properties: { plan: 'pro' } })
    expect(autoPage.properties).toMatchObject({ path: expect.stringMatching(/legacy-cio\.html$/) })
    for (const request of collector.requests) expect(validatePayload('batch', request.body)).toEqual([])
    expect(collector.state().relationships).toBeDefined()
  })

  it('refuses cio_relationships without data-use-array-params, sends the rest, and keys arrays by index', async () => {
    const lines = consoleOf(context)
    const page = await openRendered('legacy-cio.html', { API_HOST: apiHost(), ARRAY_PARAMS: '', AUTO_PAGE: "t.setAttribute('data-auto-track-page', 'false');" })
    await eventually(() => expect(namesOf(collector.events())).toContain('page'))
    await page.waitForTimeout(300)
    const events = collector.events()
    expect(namesOf(events)).toEqual(['identify', 'identify', 'identify', 'Legacy Purchase', 'page'])
    expect(events[0].traits).toMatchObject({ email: 'legacy@example.com', tags: { 0: 'a', 1: 'b' } })
    expect(events[3].properties).toEqual({ items: { 0: 'x', 1: 'y' } })
    const errors = await page.evaluate(() => (window as any).legacyErrors)
    expect(errors).toHaveLength(3)
    expect(errors[0]).toMatchObject({ reason: 'validation', message: expect.stringContaining('data-use-array-params') })
    expect(errors[0].message).toContain("t.setAttribute('data-use-array-params', 'true')")
    expect(lines.filter((line) => line.startsWith('error: relata: data-use-array-params is not "true"'))).toHaveLength(3)
  })
})
