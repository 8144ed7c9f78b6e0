import { vi } from 'vitest'
import { load } from '../../src/load'
import type { LoadOptions } from '../../src/types'

export interface SentRequest {
  url: string
  init: RequestInit
  body: { batch: Array<Record<string, any>>; sentAt: string; writeKey: string }
}

/** Replaces fetch with a recorder that answers `status` (200 unless told otherwise). */
export function recordFetch(answer: () => number | Response = () => 200): SentRequest[] {
  const sent: SentRequest[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init, body: JSON.parse(String(init.body)) })
    const reply = answer()
    return typeof reply === 'number' ? new Response('{}', { status: reply }) : reply
  })
  return sent
}

export function clearBrowserState(): void {
  localStorage.clear()
  for (const cookie of document.cookie.split('; ')) {
    const name = cookie.split('=')[0]
    if (!name) continue
    for (const domain of ['', '; domain=example.com']) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/${domain}; Secure`
  }
}

export function loadClient(options: Partial<LoadOptions> = {}) {
  return load({ writeKey: 'test-key', apiHost: 'https://collector.test/v1', flushInterval: 10, ...options })
}

export const sentEvents = (sent: SentRequest[]) => sent.flatMap((request) => request.body.batch)

/** A client on a clean page, with fetch recorded: what most tests start from. */
export function freshClient(options: Partial<LoadOptions> = {}) {
  clearBrowserState()
  const sent = recordFetch()
  return { analytics: loadClient(options), sent }
}
