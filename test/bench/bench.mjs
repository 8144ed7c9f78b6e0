// `npm run bench`: relata and @segment/analytics-next side by side in headless Chromium.
// Prints one table with ratios and writes test/bench/results.json.
import { execSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import commonjs from '@rollup/plugin-commonjs'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import { chromium } from 'playwright-core'
import { rollup } from 'rollup'
import { startCollector } from '../../demo/collector/collector.mjs'
import { heapKinds, heapUsage } from './heap.mjs'

/** @param {string} path */
const here = (path) => fileURLToPath(new URL(path, import.meta.url))
const flushAt = 20
const bursts = [1_000, 10_000]
const deliveryTimeoutMs = 60_000
/**
 * Per-call timings are the median of this many fresh pages per SDK, taken in turns (relata,
 * analytics-next, the essential work alone, and again), so that load on a shared machine
 * falls on all three alike.
 */
const timingRuns = 5
/** The pages timed side by side; `floor` does only what any durable track() must (pages/floor.html). */
const timedSdks = ['relata', 'segment', 'floor']
/** Bursts after the first, on the same page, to see whether the heap keeps growing. */
const laterBursts = 3
/** As many requests as relata sends for the 10,000 burst, for the plain-fetch comparison. */
const plainRequests = 10_000 / flushAt

/** @param {string} file */
const gzipBytes = (file) => gzipSync(readFileSync(file), { level: 9 }).length

async function bundleSegment() {
  const bundle = await rollup({
    input: here('./segment-entry.mjs'),
    plugins: [nodeResolve({ browser: true }), commonjs(), terser()],
    onwarn: () => {},
  })
  await bundle.write({ file: here('./pages/segment.min.js'), format: 'iife', inlineDynamicImports: true })
  await bundle.close()
}

/**
 * @typedef {{ objects: number, code: number, native: number }} HeapKinds
 * @typedef {{ sdk: string, burst: number, usPerCall: number, usPerCallUntilIdle: number, usPerCallWarm: number, delivered: number, deliveryMs: number, requests: number, retainedHeapKB: number, retainedKB: HeapKinds, laterBurstsHeapKB: number[], laterBurstsBrowserKB: number[] }} Run
 * @typedef {Awaited<ReturnType<typeof startCollector>>} Collector
 * @typedef {Window & { loadSdk: (options: object) => unknown, analytics: { track: (name: string, properties: object) => unknown } }} BenchWindow
 */

/**
 * One SDK, one fresh browser context: load, burst, wait for delivery, measure the heap.
 * @param {import('playwright-core').Browser} browser @param {Collector} collector @param {string} sdk @param {number} burst
 * @returns {Promise<Run>}
 */
async function measure(browser, collector, sdk, burst) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  const writeKey = `bench-${sdk}-${burst}-${Date.now()}`
  await page.goto(`http://localhost:${collector.port}/${sdk}.html`)
  await page.evaluate((options) => /** @type {BenchWindow} */ (/** @type {unknown} */ (window)).loadSdk(options), { writeKey, apiHost: `${collector.url}/v1`, flushAt })
  await page.waitForTimeout(300)
  const heapBefore = await heapUsage(cdp)
  const kindsBefore = await heapKinds(cdp)
  const delivered = deliveredCounter(collector, writeKey)
  const requestsBefore = collector.requests.length
  const started = Date.now()
  await page.evaluate(burstInPage, { count: burst, run: writeKey })
  while (delivered() < burst && Date.now() - started < deliveryTimeoutMs) await new Promise((r) => setTimeout(r, 50))
  const deliveryMs = Date.now() - started
  await page.waitForTimeout(500)
  const heapAfter = await heapUsage(cdp)
  const kindsAfter = await heapKinds(cdp)
  const requests = collector.requests.length - requestsBefore
  /** JS heap, and browser objects held by the page, each further burst adds once delivered, in KB. */
  /** @type {number[]} */
  const laterBurstsHeapKB = []
  /** @type {number[]} */
  const laterBurstsBrowserKB = []
  /** @param {number} bytes */
  const kb = (bytes) => Math.round(bytes / 1024)
  // What later bursts add tells a leak (each adds as much again) from a one-time cost such
  // as compiled code (the additions shrink). Only relata delivers a burst in time.
  if (sdk === 'relata') {
    let previous = heapAfter
    for (let extra = 1; extra <= laterBursts; extra++) {
      const run = `${writeKey}-${extra}`
      const deliveredLater = deliveredCounter(collector, run)
      await page.evaluate(burstInPage, { count: burst, run })
      const laterStarted = Date.now()
      while (deliveredLater() < burst && Date.now() - laterStarted < deliveryTimeoutMs) await new Promise((r) => setTimeout(r, 50))
      await page.waitForTimeout(500)
      const heapNow = await heapUsage(cdp)
      laterBurstsHeapKB.push(kb(heapNow.usedSize - previous.usedSize))
      laterBurstsBrowserKB.push(kb(heapNow.embedderHeapUsedSize - previous.embedderHeapUsedSize))
      previous = heapNow
    }
  }
  const result = {
    sdk,
    burst,
    usPerCall: NaN,
    usPerCallUntilIdle: NaN,
    usPerCallWarm: NaN,
    delivered: delivered(),
    deliveryMs,
    requests,
    retainedHeapKB: kb(heapAfter.usedSize - heapBefore.usedSize),
    retainedKB: { objects: kb(kindsAfter.objects - kindsBefore.objects), code: kb(kindsAfter.code - kindsBefore.code), native: kb(kindsAfter.native - kindsBefore.native) },
    laterBurstsHeapKB,
    laterBurstsBrowserKB,
  }
  await context.close()
  return result
}

/**
 * Runs in the page: `count` track calls in one task, then one turn of the event loop.
 * @param {{ count: number, run: string }} input
 */
async function burstInPage({ count, run }) {
  const analytics = /** @type {BenchWindow} */ (/** @type {unknown} */ (window)).analytics
  const t0 = performance.now()
  for (let i = 0; i < count; i++) analytics.track('Bench Event', { i, run, plan: 'pro' })
  const t1 = performance.now()
  await new Promise((resolve) => setTimeout(resolve, 0))
  return { syncMs: t1 - t0, idleMs: performance.now() - t0 }
}

/**
 * Main-thread cost of a burst in a fresh page, without waiting for delivery, and of the same
 * burst again on that page.
 * @param {import('playwright-core').Browser} browser @param {Collector} collector @param {string} sdk @param {number} burst
 */
async function timeBurst(browser, collector, sdk, burst) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`http://localhost:${collector.port}/${sdk}.html`)
  const writeKey = `timing-${sdk}-${burst}-${Date.now()}`
  await page.evaluate((options) => /** @type {BenchWindow} */ (/** @type {unknown} */ (window)).loadSdk(options), { writeKey, apiHost: `${collector.url}/v1`, flushAt })
  await page.waitForTimeout(300)
  const timing = await page.evaluate(burstInPage, { count: burst, run: writeKey })
  // The same burst again on the same page, once the engine has optimized the code it runs:
  // what a call costs in a page that has been calling for a while.
  await page.waitForTimeout(2000)
  const warm = await page.evaluate(burstInPage, { count: burst, run: writeKey })
  await context.close()
  return { ...timing, warmSyncMs: warm.syncMs }
}

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

/**
 * Counts the events of `run` the collector accepted, reading only requests that arrived
 * since the last count: rebuilding the whole event list every poll slows the collector,
 * which shares this process, more with every burst.
 * @param {Collector} collector @param {string} run
 */
function deliveredCounter(collector, run) {
  let seen = 0
  let count = 0
  return () => {
    for (; seen < collector.requests.length; seen++) {
      const request = /** @type {any} */ (collector.requests[seen])
      if (request.status < 200 || request.status >= 300 || request.injected) continue
      for (const event of request.body?.batch ?? []) if (event.properties?.run === run) count++
    }
    return count
  }
}

/**
 * What the browser keeps of plain requests, for comparison with the SDKs' rows: a page posts
 * `rounds` times `requests` batches of `bodyBytes` with `fetch()`, cancelling each body, and
 * the growth of the browser objects (embedder heap) after each round is returned, in KB.
 * @param {import('playwright-core').Browser} browser @param {Collector} collector
 * @param {number} rounds @param {number} requests @param {number} bodyBytes
 */
async function plainFetchBrowserKB(browser, collector, rounds, requests, bodyBytes) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await page.goto(`http://localhost:${collector.port}/relata.html`)
  let previous = await heapUsage(cdp)
  /** @type {number[]} */
  const added = []
  for (let round = 0; round < rounds; round++) {
    await page.evaluate(
      async ({ url, requests, bodyBytes }) => {
        for (let i = 0; i < requests; i++) {
          const body = JSON.stringify({ batch: [], writeKey: 'plain-fetch', padding: `${i}`.padEnd(bodyBytes, '-') })
          const response = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' } })
          response.body?.cancel().catch(() => {})
        }
      },
      { url: `${collector.url}/v1/b`, requests, bodyBytes },
    )
    await page.waitForTimeout(500)
    const now = await heapUsage(cdp)
    added.push(Math.round((now.embedderHeapUsedSize - previous.embedderHeapUsedSize) / 1024))
    previous = now
  }
  await context.close()
  return added
}

/** @param {number} theirs @param {number} ours */
const ratio = (theirs, ours) => (ours > 0 ? `${(theirs / ours).toFixed(1)}×` : '–')

async function main() {
  execSync('npm run build', { stdio: 'inherit' })
  await bundleSegment()
  const sizes = {
    relata: gzipBytes(here('../../dist/relata.min.js')),
    relataSnippet: gzipBytes(here('../../dist/snippet.min.js')),
    segment: gzipBytes(here('./pages/segment.min.js')),
  }
  const collector = await startCollector({ pages: here('./pages/') })
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  /** @type {Run[]} */
  const runs = []
  /** @param {string} sdk @param {number} burst @returns {Run} */
  const find = (sdk, burst) => /** @type {Run} */ (runs.find((run) => run.sdk === sdk && run.burst === burst))
  /** @type {number[]} */
  let baseline = []
  try {
    for (const burst of bursts) {
      for (const sdk of ['relata', 'segment']) runs.push(await measure(browser, collector, sdk, burst))
      // The essential-work page is only timed: it sends nothing to deliver or measure.
      runs.push(/** @type {Run} */ ({ sdk: 'floor', burst }))
      /** @type {Record<string, Array<{ syncMs: number, idleMs: number, warmSyncMs: number }>>} */
      const timings = Object.fromEntries(timedSdks.map((sdk) => [sdk, []]))
      for (let turn = 0; turn < timingRuns; turn++) for (const sdk of timedSdks) timings[sdk]?.push(await timeBurst(browser, collector, sdk, burst))
      for (const sdk of timedSdks) {
        const taken = timings[sdk] ?? []
        /** @param {'syncMs' | 'idleMs' | 'warmSyncMs'} field */
        const usPerCall = (field) => (median(taken.map((timing) => timing[field])) * 1000) / burst
        Object.assign(find(sdk, burst), { usPerCall: usPerCall('syncMs'), usPerCallUntilIdle: usPerCall('idleMs'), usPerCallWarm: usPerCall('warmSyncMs') })
      }
    }
    baseline = await plainFetchBrowserKB(browser, collector, laterBursts, plainRequests, 8 * 1024)
  } finally {
    await browser.close()
    await collector.close()
  }
  /** @param {string} label @param {string} unit @param {(sdk: string) => number} pick */
  const row = (label, unit, pick, digits = 1) => {
    const ours = pick('relata')
    const theirs = pick('segment')
    return `| ${label} | ${ours.toFixed(digits)} ${unit} | ${theirs.toFixed(digits)} ${unit} | ${ratio(theirs, ours)} |`
  }
  /** @param {Run} run */
  const kinds = ({ retainedKB: { objects, code, native } }) => `${objects}, ${code}, ${native} KB`
  const lines = [
    '| measure | relata | analytics-next | analytics-next / relata |',
    '| --- | --- | --- | --- |',
    `| script download (gzip) | ${sizes.relata} B | ${sizes.segment} B | ${ratio(sizes.segment, sizes.relata)} |`,
    ...bursts.flatMap((burst) => [
      row(`track() main thread, burst of ${burst}`, 'µs/call', (sdk) => find(sdk, burst).usPerCall, 2),
      row(`track() until idle, burst of ${burst}`, 'µs/call', (sdk) => find(sdk, burst).usPerCallUntilIdle, 2),
      row(`track() main thread, the same page's second burst of ${burst}`, 'µs/call', (sdk) => find(sdk, burst).usPerCallWarm, 2),
      `| the essential work alone, burst of ${burst}: fresh page, second burst | ${find('floor', burst).usPerCall.toFixed(2)}, ${find('floor', burst).usPerCallWarm.toFixed(2)} µs/call | | relata / it: ${(find('relata', burst).usPerCall / find('floor', burst).usPerCall).toFixed(2)}, ${(find('relata', burst).usPerCallWarm / find('floor', burst).usPerCallWarm).toFixed(2)} |`,
      `| delivered of ${burst} | ${find('relata', burst).delivered} | ${find('segment', burst).delivered} | |`,
      row(`time to deliver ${burst}`, 'ms', (sdk) => find(sdk, burst).deliveryMs, 0),
      row(`requests for ${burst}`, '', (sdk) => find(sdk, burst).requests, 0),
      row(`retained heap after ${burst}`, 'KB', (sdk) => find(sdk, burst).retainedHeapKB, 0),
      `| of which, by heap snapshot: objects, compiled code and shapes, browser objects | ${kinds(find('relata', burst))} | ${kinds(find('segment', burst))} | |`,
      `| heap each later burst of ${burst} adds, once delivered | ${find('relata', burst).laterBurstsHeapKB.join(', ')} KB | not measured: not delivered in time | |`,
      `| browser objects each later burst of ${burst} adds (fetch loaders, streams) | ${find('relata', burst).laterBurstsBrowserKB.join(', ')} KB | not measured: not delivered in time | |`,
    ]),
    `| browser objects each round of ${plainRequests} plain fetch() posts of 8 KB adds, for comparison | ${baseline.join(', ')} KB | | |`,
  ]
  console.log(`\nsnippet: ${sizes.relataSnippet} B gzip; per-call figures: median of ${timingRuns} fresh pages each, taken in turns\n`)
  console.log(lines.join('\n'))
  const results = { date: new Date().toISOString(), flushAt, sizes, runs, plainFetchBrowserKB: baseline }
  writeFileSync(here('./results.json'), JSON.stringify(results, null, 2) + '\n')
  console.log('\nwritten to test/bench/results.json')
}

await main()
