import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { loadOptionsFrom } from '../../src/snippet/options'
import { pageFrom, type RecordedPage } from '../../src/snippet/page'
import { replayBuffered } from '../../src/snippet/replay'
import { freshClient, sentEvents } from './helpers'

const recorded: RecordedPage = { __t: 'bpc', u: 'https://shop.example.com/a?x=1#top', p: '/a', s: '?x=1', t: 'A', r: 'https://ref.example/', d: Date.UTC(2024, 0, 2, 3, 4, 5) }

describe('the built snippet', () => {
  const snippet = () => readFileSync(join(process.cwd(), 'dist/snippet.min.js'), 'utf8')

  it('has the placeholders and ends by loading the write key and sending a page view', () => {
    expect(snippet()).toContain('"YOUR_BUNDLE_URL"')
    expect(snippet().trim()).toMatch(/analytics\.load\("YOUR_WRITE_KEY"\),analytics\.page\(\)\}\}\)\(\);?$/)
  })

  it('is the snippet the README tells sites to paste', () => {
    expect(readFileSync(join(process.cwd(), 'README.md'), 'utf8')).toContain(`<script>${snippet().trim()}</script>`)
  })

  it('stays within 600 bytes gzipped, well under the 822 of Segment\'s', () => {
    expect(gzipSync(snippet(), { level: 9 }).length).toBeLessThanOrEqual(600)
  })
})

// The snippet is a script, not a module; a variable path keeps the type checker from resolving it.
const snippetSource = '../../src/snippet/snippet.ts'
const runSnippet = () => import(/* @vite-ignore */ snippetSource)

describe('the snippet stub', () => {
  beforeEach(() => {
    vi.resetModules()
    delete (window as any).analytics
    document.title = 'stub page'
  })
  afterEach(() => {
    document.querySelectorAll('script[src]').forEach((script) => script.remove())
    vi.restoreAllMocks()
  })

  it('records each call with its arguments, call time and page, and loads the bundle once', async () => {
    await runSnippet()
    const stub = (window as any).analytics
    const before = Date.now()
    stub.track('Clicked', { a: 1 })
    expect(stub).toHaveLength(2) // the snippet's own page() first
    const [method, name, properties, context] = stub[1]
    expect([method, name, properties]).toEqual(['track', 'Clicked', { a: 1 }])
    expect(context).toMatchObject({ __t: 'bpc', u: location.href, p: location.pathname, s: location.search, t: 'stub page', r: document.referrer })
    expect(context.d).toBeGreaterThanOrEqual(before)
    expect(stub._writeKey).toBe('YOUR_WRITE_KEY')
    expect(document.querySelectorAll('script[src$="YOUR_BUNDLE_URL"]')).toHaveLength(1)
  })

  it('warns and does nothing when included a second time', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await runSnippet()
    vi.resetModules()
    await runSnippet()
    expect(warn).toHaveBeenCalledWith('relata: snippet included twice; this copy does nothing')
    expect((window as any).analytics).toHaveLength(1)
    expect(document.querySelectorAll('script[src$="YOUR_BUNDLE_URL"]')).toHaveLength(1)
  })
})

describe('load options from a snippet', () => {
  it('takes apiHost as given', () => {
    expect(loadOptionsFrom('k', { apiHost: 'https://cdp-eu.customer.io/v1', flushAt: 5 })).toEqual({ writeKey: 'k', apiHost: 'https://cdp-eu.customer.io/v1', flushAt: 5 })
  })

  it('reads the Customer.io Data Pipelines destination settings with their protocol', () => {
    const options = { integrations: { 'Customer.io Data Pipelines': { apiHost: '127.0.0.1:8787/v1', protocol: 'http' } } }
    expect(loadOptionsFrom('k', options)).toEqual({ writeKey: 'k', apiHost: 'http://127.0.0.1:8787/v1' })
  })

  it("reads Segment.io's settings, https by default", () => {
    expect(loadOptionsFrom('k', { integrations: { 'Segment.io': { apiHost: 'events.example.com/v1' } } }).apiHost).toBe('https://events.example.com/v1')
  })

  it('prefers a top-level apiHost and leaves the default endpoint when none is given', () => {
    expect(loadOptionsFrom('k', { apiHost: 'a.example/v1', integrations: { 'Segment.io': { apiHost: 'b.example/v1' } } }).apiHost).toBe('a.example/v1')
    expect(loadOptionsFrom('k', undefined)).toEqual({ writeKey: 'k' })
  })
})

describe('replaying a recorded call', () => {
  it('reads the page as recorded, canonical URL first', () => {
    expect(pageFrom(recorded)).toEqual({ url: 'https://shop.example.com/a?x=1', path: '/a', search: '?x=1', title: 'A', referrer: 'https://ref.example/' })
    expect(pageFrom({ ...recorded, c: '/canonical/a' })).toMatchObject({ url: 'https://shop.example.com/canonical/a?x=1', path: '/canonical/a' })
  })

  it('gives each event a replayed call builds the call time and page it was recorded with, in each argument form', async () => {
    const { analytics, sent } = freshClient()
    const callback = vi.fn()
    replayBuffered(analytics, [
      ['track', 'Clicked', recorded],
      ['identify', { plan: 'pro' }, recorded],
      ['page', recorded],
      ['page', 'Docs', 'Install', { a: 1 }, recorded],
      ['alias', 'u2', recorded],
      ['group', 'acme', callback, recorded],
      ['pageview', '/elsewhere', recorded],
    ])
    await analytics.flush()
    const events = sentEvents(sent)
    expect(events.map((event) => event.type)).toEqual(['track', 'identify', 'page', 'page', 'alias', 'group', 'page'])
    for (const event of events) expect(event).toMatchObject({ timestamp: new Date(recorded.d!).toISOString(), context: { page: { title: 'A', referrer: 'https://ref.example/' } } })
    expect(events.slice(0, 6).map((event) => event.context.page)).toEqual(Array(6).fill(pageFrom(recorded)))
    expect(events[0]).toMatchObject({ event: 'Clicked' })
    expect(events[1]).toMatchObject({ traits: { plan: 'pro' } })
    expect(events[3]).toMatchObject({ name: 'Install', properties: { category: 'Docs', name: 'Install', a: 1, path: '/a' } })
    expect(events[5]).toMatchObject({ groupId: 'acme' })
    expect(callback).toHaveBeenCalledWith(null, expect.objectContaining({ groupId: 'acme' }))
    expect(events[6]!.context.page).toMatchObject({ path: '/elsewhere', url: 'https://shop.example.com/elsewhere', search: '?x=1' })
  })

  it("keeps the caller's own timestamp and page fields, and leaves later calls to the page as it is", async () => {
    const { analytics, sent } = freshClient()
    replayBuffered(analytics, [['track', 'Clicked', {}, { timestamp: '2020-01-01T00:00:00.000Z', context: { page: { title: 'mine' }, ip: '1.2.3.4' } }, recorded]])
    await analytics.track('Later')
    await analytics.flush()
    const [replayed, later] = sentEvents(sent)
    expect(replayed).toMatchObject({ timestamp: '2020-01-01T00:00:00.000Z', context: { ip: '1.2.3.4', page: { title: 'mine', path: '/a' } } })
    expect(later!.context.page).toMatchObject({ url: location.href.replace(/#.*$/, ''), path: location.pathname })
    expect(Date.parse(later!.timestamp)).toBeGreaterThan(recorded.d!)
  })

  it('gives the recorded page and time to the replayed call alone, not to events its error listeners make', async () => {
    const { analytics, sent } = freshClient()
    analytics.on('error', () => void analytics.track('Error Seen'))
    replayBuffered(analytics, [['track', recorded]])
    await analytics.flush()
    const [seen] = sentEvents(sent)
    expect(seen).toMatchObject({ event: 'Error Seen', context: { page: { path: location.pathname } } })
    expect(seen!.timestamp).not.toBe(new Date(recorded.d!).toISOString())
  })

  it('replays other methods with their arguments as called', () => {
    const { analytics } = freshClient()
    const listener = vi.fn()
    replayBuffered(analytics, [['on', 'reset', listener, recorded]])
    analytics.reset()
    expect(listener).toHaveBeenCalledOnce()
  })
})
