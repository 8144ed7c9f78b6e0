import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { fileURLToPath } from 'node:url'
import { startCollector } from '../../demo/collector/collector.mjs'

export type Collector = Awaited<ReturnType<typeof startCollector>>

const pagesRoot = fileURLToPath(new URL('./pages/', import.meta.url))

export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumFlags, headless: true })
}

export function startTestCollector(): Promise<Collector> {
  return startCollector({ pages: pagesRoot })
}

/**
 * The page is served from `localhost` and posts to `127.0.0.1`: two origins, so every
 * request is a real cross-origin one.
 */
export function pageUrl(collector: Collector, file: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ apiHost: `${collector.url}/v1`, ...params })
  return `http://localhost:${collector.port}/${file}?${query}`
}

export async function openPage(context: BrowserContext, collector: Collector, file: string, params?: Record<string, string>): Promise<Page> {
  const page = await context.newPage()
  await page.goto(pageUrl(collector, file, params))
  return page
}

/** Polls until `check` passes or the time is up. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

/** One Chromium and one collector for a test file, started before its tests and closed after. */
export function useBrowserAndCollector(): { browser: Browser; collector: Collector } {
  const shared = {} as { browser: Browser; collector: Collector }
  beforeAll(async () => {
    ;[shared.browser, shared.collector] = await Promise.all([launchChromium(), startTestCollector()])
  })
  afterAll(async () => {
    await shared.browser?.close()
    await shared.collector?.close()
  })
  return shared
}
