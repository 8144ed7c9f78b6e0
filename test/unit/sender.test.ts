import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Analytics } from '../../src/client/client'
import { limits } from '../../src/delivery/batching'
import { clearBrowserState, loadClient, recordFetch, sentEvents } from './helpers'

let analytics: Analytics | undefined
beforeEach(() => clearBrowserState())
afterEach(() => {
  analytics?.close()
  vi.useRealTimers()
})

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('sending', () => {
  it('sends a batch as soon as flushAt events wait', async () => {
    const sent = recordFetch()
    analytics = loadClient({ flushAt: 3, flushInterval: 60_000 })
    await Promise.all([analytics.track('a'), analytics.track('b')])
    await settle()
    expect(sent).toHaveLength(0)
    await analytics.track('c')
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['a', 'b', 'c'])
  })

  it('sends after flushInterval when fewer events wait', async () => {
    vi.useFakeTimers()
    const sent = recordFetch()
    analytics = loadClient({ flushAt: 100, flushInterval: 1000 })
    await analytics.track('a')
    await vi.advanceTimersByTimeAsync(999)
    expect(sent).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['a'])
  })

  it('keeps a batch under 500 KB', async () => {
    const sent = recordFetch()
    analytics = loadClient({ flushAt: 100, flushInterval: 60_000 })
    const blob = 'x'.repeat(30 * 1024)
    await Promise.all(Array.from({ length: 40 }, (_, i) => analytics!.track(`e${i}`, { blob })))
    await analytics.flush()
    expect(sentEvents(sent)).toHaveLength(40)
    for (const request of sent) expect(new TextEncoder().encode(String(request.init.body)).length).toBeLessThanOrEqual(limits.request)
    expect(sent.length).toBeGreaterThan(2)
  })

  it('keeps events and reports an error when the server fails, then sends them later', async () => {
    let status = 503
    const sent = recordFetch(() => status)
    analytics = loadClient({ flushAt: 100, flushInterval: 60_000 })
    const errors: string[] = []
    analytics.on('error', ({ reason }) => errors.push(reason))
    const delivered: number[] = []
    analytics.on('delivered', ({ count }) => delivered.push(count))
    await analytics.track('kept')
    await analytics.flush()
    expect(errors).toEqual(['http-503'])
    status = 200
    await analytics.flush()
    expect(delivered).toEqual([1])
    expect(sent.map((request) => request.body.batch[0]?.messageId)).toEqual([
      sent[0]!.body.batch[0]!.messageId,
      sent[0]!.body.batch[0]!.messageId,
    ])
  })

  it('flush resolves after everything queued before it was sent', async () => {
    const sent = recordFetch()
    analytics = loadClient({ flushAt: 100, flushInterval: 60_000 })
    void analytics.track('a')
    void analytics.track('b')
    await analytics.flush()
    expect(sentEvents(sent)).toHaveLength(2)
  })

  it('hands everything unsent to keepalive requests of at most ~64 KB when the page hides', async () => {
    const sent = recordFetch()
    analytics = loadClient({ flushAt: 1000, flushInterval: 60_000 })
    const blob = 'y'.repeat(10 * 1024)
    await Promise.all(Array.from({ length: 12 }, (_, i) => analytics!.track(`e${i}`, { blob })))
    void analytics.track('not yet written')
    dispatchEvent(new Event('pagehide'))
    expect(sent.length).toBeGreaterThan(1)
    for (const request of sent) {
      expect(request.init.keepalive).toBe(true)
      expect(new TextEncoder().encode(String(request.init.body)).length).toBeLessThanOrEqual(64 * 1024)
    }
    expect(sentEvents(sent).map((event) => event.event)).toEqual([...Array.from({ length: 12 }, (_, i) => `e${i}`), 'not yet written'])
  })

  it('stops listening to the page after close()', async () => {
    const sent = recordFetch()
    analytics = loadClient({ flushAt: 1000, flushInterval: 60_000 })
    await analytics.track('a')
    analytics.close()
    dispatchEvent(new Event('pagehide'))
    expect(sent).toHaveLength(0)
  })
})
