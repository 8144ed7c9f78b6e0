import { beforeEach, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { eventually, openPage, useBrowserAndCollector } from './harness'

const shared = useBrowserAndCollector()
let context: BrowserContext

beforeEach(async () => {
  await context?.close()
  context = await shared.browser.newContext()
  shared.collector.reset()
})

/** Counts of what the shared.collector accepted: the figures the delivery promise is judged by. */
function tally(expected: string[]) {
  const ids = shared.collector.events().map((event: any) => event.messageId as string)
  const names = new Set(shared.collector.events().map((event: any) => event.event as string))
  return {
    sent: expected.length,
    delivered: expected.filter((name) => names.has(name)).length,
    duplicates: ids.length - new Set(ids).size,
  }
}

const track = (page: Page, names: string[]) =>
  page.evaluate(async (list) => {
    const analytics = (window as any).analytics
    return Promise.all(list.map((name: string) => analytics.track(name).then((event: any) => event.messageId)))
  }, names)

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} ${i}`)

describe('durable delivery in Chromium', () => {
  it('delivers every event tracked right before a navigation, five rounds in a row', async () => {
    const page = await openPage(context, shared.collector, 'core.html', { flushInterval: '5000' })
    const expected: string[] = []
    for (let round = 0; round < 5; round++) {
      const batch = names(`round ${round}`, 10)
      expected.push(...batch)
      const navigated = page.waitForEvent('load')
      const trackThenLeave = ({ list, round }: { list: string[]; round: number }) => {
        for (const name of list) (window as any).analytics.track(name)
        const next = new URL(location.href)
        next.searchParams.set('round', String(round))
        location.href = next.href
      }
      // The navigation may tear down the page before evaluate's answer comes back.
      await page.evaluate(trackThenLeave, { list: batch, round }).catch(() => {})
      await navigated
    }
    await eventually(() => expect(tally(expected).delivered).toBe(50))
    console.info('navigation rounds:', tally(expected))
  })

  it('delivers from a new page what a page closed during an outage could not send', async () => {
    shared.collector.inject({ status: 500 }, 10_000)
    const page = await openPage(context, shared.collector, 'core.html', { flushAt: '10' })
    const expected = names('outage', 30)
    await track(page, expected)
    await eventually(() => expect(shared.collector.requests.length).toBeGreaterThan(0))
    await page.close({ runBeforeUnload: false })
    expect(tally(expected).delivered).toBe(0)
    shared.collector.clearFaults()
    await openPage(context, shared.collector, 'core.html')
    await eventually(() => expect(tally(expected).delivered).toBe(30))
    console.info('closed during outage:', tally(expected))
    expect(tally(expected).duplicates).toBe(0)
  })

  it('waits while offline without retrying, then delivers everything', async () => {
    const page = await openPage(context, shared.collector, 'core.html', { flushAt: '5' })
    await page.evaluate(() => {
      const original = window.fetch
      ;(window as any).fetchCalls = 0
      window.fetch = (...args) => (((window as any).fetchCalls += 1), original(...args))
    })
    await context.setOffline(true)
    const expected = names('offline', 20)
    await track(page, expected.slice(0, 10))
    await page.waitForTimeout(1500)
    await track(page, expected.slice(10))
    await page.waitForTimeout(1500)
    expect(await page.evaluate(() => (window as any).fetchCalls)).toBe(0)
    await context.setOffline(false)
    await eventually(() => expect(tally(expected).delivered).toBe(20))
    console.info('offline:', tally(expected))
    expect(tally(expected).duplicates).toBe(0)
  })

  it('rides out 5xx and 429 answers and makes no request before Retry-After', async () => {
    shared.collector.inject({ status: 500 }, 1)
    shared.collector.inject({ status: 503 }, 1)
    shared.collector.inject({ status: 429, retryAfter: '2' }, 1)
    const page = await openPage(context, shared.collector, 'core.html', { flushAt: '10' })
    const expected = names('storm', 30)
    await track(page, expected)
    await eventually(() => expect(tally(expected).delivered).toBe(30), 20_000)
    const statuses = shared.collector.requests.map((request: any) => request.status)
    expect(statuses.slice(0, 3)).toEqual([500, 503, 429])
    const limited = shared.collector.requests[2]!
    const next = shared.collector.requests[3]!
    expect(next.at - limited.at).toBeGreaterThanOrEqual(2000)
    console.info('5xx and 429:', tally(expected))
    expect(tally(expected).duplicates).toBe(0)
  })

  for (const tabs of [2, 3]) {
    it(`delivers every event of ${tabs} tabs tracking during an outage, none twice`, async () => {
      shared.collector.inject({ status: 503 }, 10_000)
      const pages = await Promise.all(Array.from({ length: tabs }, () => openPage(context, shared.collector, 'core.html', { flushAt: '5' })))
      const expected: string[] = []
      await Promise.all(
        pages.map((page, tab) => {
          const list = names(`tab ${tab}`, 20)
          expected.push(...list)
          return track(page, list)
        }),
      )
      await page0Waits(pages[0]!)
      shared.collector.clearFaults()
      await Promise.all(pages.map((page) => page.evaluate(() => (window as any).analytics.flush())))
      await eventually(() => expect(tally(expected).delivered).toBe(tabs * 20), 30_000)
      await new Promise((resolve) => setTimeout(resolve, 1000))
      console.info(`${tabs} tabs:`, tally(expected))
      expect(tally(expected).duplicates).toBe(0)
    })
  }

  it('leaves the events of a tab closed mid-send to the next tab, which delivers them', async () => {
    const options = { flushAt: '100', flushInterval: '60000' }
    const first = await openPage(context, shared.collector, 'core.html', options)
    const second = await openPage(context, shared.collector, 'core.html', options)
    const expected = names('mid-send', 15)
    await track(first, expected)
    // The first tab sends; the collector holds its request while the tab closes.
    shared.collector.inject({ delayMs: 3000 }, 1)
    void first.evaluate(() => (window as any).analytics.flush()).catch(() => {})
    await first.waitForTimeout(300)
    await first.close({ runBeforeUnload: false })
    await second.evaluate(() => (window as any).analytics.flush())
    await eventually(() => expect(tally(expected).delivered).toBe(15), 20_000)
    console.info('tab closed mid-send:', tally(expected))
  })

  it('drops and reports only the event the API refuses', async () => {
    const page = await openPage(context, shared.collector, 'core.html', { flushAt: '100', flushInterval: '60000' })
    const expected = names('mixed', 10)
    const ids = await track(page, expected)
    shared.collector.inject({ rejectMessageIds: [ids[4]] }, 0)
    await page.evaluate(() => (window as any).analytics.flush())
    await eventually(() => expect(tally(expected).delivered).toBe(9))
    expect(shared.collector.events().map((event: any) => event.messageId)).not.toContain(ids[4])
    const errors = await page.evaluate(() => (window as any).relataErrors)
    expect(errors).toEqual([{ reason: 'http-400', count: 1, messageIds: [ids[4]] }])
    console.info('poisoned event:', tally(expected))
  })

  it('keeps the keepalive requests of one hide within what Chromium lets a page have in flight', async () => {
    const page = await openPage(context, shared.collector, 'core.html', { flushAt: '100', flushInterval: '60000' })
    // Only the tab that sends hands events over on hide; a drain on winning would send them first.
    await eventually(async () => expect(await page.evaluate(async () => (await navigator.locks.query()).held?.length)).toBe(1))
    const expected = names('large', 50)
    // About 2 KB each: 100 KB in all, more than one keepalive request may carry.
    await page.evaluate(
      (list) => Promise.all(list.map((name: string) => (window as any).analytics.track(name, { blob: 'x'.repeat(2000) }))),
      expected,
    )
    shared.collector.inject({ delayMs: 1500 }, 10)
    const keepalive = await page.evaluate(async () => {
      const outcomes: string[] = []
      const original = window.fetch
      window.fetch = (input, init) => {
        const request = original(input, init)
        if (init?.keepalive) request.then(() => outcomes.push('answered'), (error) => outcomes.push(`failed: ${error}`))
        return request
      }
      // A tab switch first, then the page's end: each hides the page and hands events over.
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
      document.dispatchEvent(new Event('visibilitychange'))
      dispatchEvent(new PageTransitionEvent('pagehide'))
      await new Promise((resolve) => setTimeout(resolve, 2500))
      return outcomes
    })
    expect(keepalive.length).toBeGreaterThan(0)
    expect(keepalive.filter((outcome) => outcome !== 'answered')).toEqual([])
    await page.evaluate(() => (window as any).analytics.flush())
    await eventually(() => expect(tally(expected).delivered).toBe(50))
    expect(tally(expected).duplicates).toBe(0)
  })

  it('delivers, through a fresh connection, when the first IndexedDB open hangs for good (Safari 14)', async () => {
    await context.addInitScript(() => {
      const open = indexedDB.open.bind(indexedDB)
      let opens = 0
      // A request that never fires a handler: the open that WebKit bug 226547 leaves pending.
      indexedDB.open = (...args) => (opens++ ? open(...args) : ({} as IDBOpenDBRequest))
    })
    shared.collector.inject({ status: 503 }, 10_000)
    const page = await openPage(context, shared.collector, 'core.html', { flushAt: '5' })
    const expected = names('hung open', 5)
    await track(page, expected)
    // Past the open timeout, the events are written through the fresh connection.
    await page.waitForTimeout(6_000)
    // A crash: no page hide, so no keepalive request carries them.
    const cdp = await context.newCDPSession(page)
    const crashed = page.waitForEvent('crash')
    // Its answer never comes: the page is gone.
    void cdp.send('Page.crash').catch(() => {})
    await crashed
    shared.collector.clearFaults()
    // Only a durable write lets the next page deliver them.
    await openPage(context, shared.collector, 'core.html')
    await eventually(() => expect(tally(expected).delivered).toBe(5), 15_000)
  })

  it('sends from memory when IndexedDB is unavailable', async () => {
    await context.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', {
        get() {
          throw new DOMException('IndexedDB is disabled', 'SecurityError')
        },
      })
    })
    const page = await openPage(context, shared.collector, 'core.html', { flushAt: '5' })
    const expected = names('memory', 12)
    await track(page, expected)
    await page.evaluate(() => (window as any).analytics.flush())
    await eventually(() => expect(tally(expected).delivered).toBe(12))
    console.info('no IndexedDB:', tally(expected))
  })
})

/** Lets the sending tab hit the outage at least once before the server recovers. */
async function page0Waits(page: Page) {
  await eventually(() => expect(shared.collector.requests.some((request: any) => request.status === 503)).toBe(true))
  await page.waitForTimeout(500)
}
