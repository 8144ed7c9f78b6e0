import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Analytics } from '../../src/client/client'
import { limits } from '../../src/delivery/batching'
import type { ErrorInfo } from '../../src/emitter'
import type { DeliveryError } from '../../src/errors'
import type { LoadOptions } from '../../src/types'
import { clearBrowserState, loadClient, recordFetch, sentEvents } from './helpers'

let analytics: Analytics | undefined
beforeEach(() => clearBrowserState())
afterEach(() => {
  analytics?.close()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

/** Loads a client and waits until it holds the send leadership and drained the empty outbox. */
async function ready(options: Partial<LoadOptions> = {}): Promise<Analytics> {
  analytics = loadClient({ flushAt: 100, flushInterval: 60_000, ...options })
  if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(0)
  else await new Promise((resolve) => setTimeout(resolve, 0))
  return analytics
}

const errorsOf = (client: Analytics) => {
  const errors: ErrorInfo[] = []
  client.on('error', (info) => errors.push(info))
  return errors
}

describe('batching', () => {
  it('sends a batch as soon as flushAt events wait', async () => {
    const sent = recordFetch()
    const client = await ready({ flushAt: 3 })
    await Promise.all([client.track('a'), client.track('b')])
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(sent).toHaveLength(0)
    await client.track('c')
    await vi.waitFor(() => expect(sent).toHaveLength(1))
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['a', 'b', 'c'])
  })

  it('sends after flushInterval when fewer events wait', async () => {
    vi.useFakeTimers()
    const sent = recordFetch()
    const client = await ready({ flushInterval: 1000 })
    await client.track('a')
    await vi.advanceTimersByTimeAsync(999)
    expect(sent).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['a'])
  })

  it('keeps every request under 500 KB', async () => {
    const sent = recordFetch()
    const client = await ready()
    const blob = 'x'.repeat(30 * 1024)
    await Promise.all(Array.from({ length: 40 }, (_, i) => client.track(`e${i}`, { blob })))
    await client.flush()
    expect(sentEvents(sent)).toHaveLength(40)
    for (const request of sent) expect(new TextEncoder().encode(String(request.init.body)).length).toBeLessThanOrEqual(limits.request)
    expect(sent.length).toBeGreaterThan(2)
  })

  it('flush resolves after everything queued before it was sent', async () => {
    const sent = recordFetch()
    const client = await ready()
    void client.track('a')
    void client.track('b')
    await client.flush()
    expect(sentEvents(sent)).toHaveLength(2)
  })
})

describe('retries', () => {
  it('keeps events when the server fails and sends them again after a backoff, with the same messageId', async () => {
    vi.useFakeTimers()
    let status = 503
    const sent = recordFetch(() => status)
    const client = await ready()
    const errors = errorsOf(client)
    const delivered: number[] = []
    client.on('delivered', ({ count }) => delivered.push(count))
    await client.track('kept')
    await client.flush()
    expect(errors.map((error) => [error.reason, error.count])).toEqual([['http-503', 1]])
    status = 200
    await client.flush()
    expect(sent).toHaveLength(1) // still inside the backoff
    await vi.advanceTimersByTimeAsync(1000)
    expect(delivered).toEqual([1])
    expect(sent.map((request) => request.body.batch[0]?.messageId)).toEqual(Array(2).fill(sent[0]!.body.batch[0]!.messageId))
    expect(sent[0]!.body.sentAt).not.toBe(sent[1]!.body.sentAt)
  })

  it('makes no request before Retry-After has passed', async () => {
    vi.useFakeTimers()
    let answer = () => new Response('{}', { status: 429, headers: { 'Retry-After': '20' } })
    const sent = recordFetch(() => answer())
    const client = await ready()
    await client.track('later')
    await client.flush()
    answer = () => new Response('{}', { status: 200 })
    await vi.advanceTimersByTimeAsync(19_900)
    expect(sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(200)
    expect(sent).toHaveLength(2)
  })

  it.each([400, 413, 422])('isolates an event the API refuses with %i, delivers the rest and reports only it', async (status) => {
    let poisoned = ''
    const sent = recordFetch()
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body))
      sent.push({ url, init, body })
      const refused = body.batch.some((event: { messageId: string }) => event.messageId === poisoned)
      return new Response('{}', { status: refused ? status : 200 })
    })
    const client = await ready()
    const errors = errorsOf(client)
    const events = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => client.track(name)))
    poisoned = events[2]!.messageId
    await client.flush()
    const accepted = sent.filter((request) => !request.body.batch.some((event) => event.messageId === poisoned))
    expect(accepted.flatMap((request) => request.body.batch.map((event) => event.event)).sort()).toEqual(['a', 'b', 'd', 'e'])
    expect(errors).toEqual([expect.objectContaining({ reason: `http-${status}`, count: 1, messageIds: [poisoned] })])
    expect((errors[0]!.error as DeliveryError).status).toBe(status)
    await client.flush()
    expect(sent.length).toBeLessThanOrEqual(7)
  })

  it('pauses on 401, keeps the events and reports it', async () => {
    const sent = recordFetch(() => 401)
    const client = await ready()
    const errors = errorsOf(client)
    await client.track('a')
    await client.flush()
    await client.flush()
    expect(sent).toHaveLength(1)
    expect(errors.map((error) => error.reason)).toEqual(['http-401'])
    expect(errors[0]!.error.message).toMatch(/write key/)
  })
})

describe('offline', () => {
  it('sends nothing while offline and resumes on online', async () => {
    const sent = recordFetch()
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const client = await ready()
    dispatchEvent(new Event('offline'))
    await client.track('while offline')
    await client.flush()
    expect(sent).toHaveLength(0)
    online.mockReturnValue(true)
    dispatchEvent(new Event('online'))
    await vi.waitFor(() => expect(sentEvents(sent).map((event) => event.event)).toEqual(['while offline']))
  })

  it('sends again once online, even when the online event never came', async () => {
    const sent = recordFetch()
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const client = await ready()
    await client.track('while offline')
    await client.flush()
    expect(sent).toHaveLength(0)
    online.mockReturnValue(true)
    await client.track('back')
    await client.flush()
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['while offline', 'back'])
    online.mockRestore()
  })
})

describe('bounds', () => {
  it('drops the oldest events past maxQueuedEvents and reports how many', async () => {
    const sent = recordFetch(() => 503)
    const client = await ready({ maxQueuedEvents: 3 })
    const errors = errorsOf(client)
    const events = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => client.track(name)))
    expect(errors).toEqual([expect.objectContaining({ reason: 'outbox-full', count: 2, messageIds: [events[0]!.messageId, events[1]!.messageId] })])
    await client.flush()
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['c', 'd', 'e'])
  })

  it('drops events older than maxEventAge and reports them', async () => {
    vi.useFakeTimers()
    const sent = recordFetch(() => 503)
    const client = await ready({ maxEventAge: 60_000 })
    const errors = errorsOf(client)
    await client.track('too old')
    await client.flush()
    sent.length = 0
    // Retries keep failing; the first one after the event's minute is up drops it.
    await vi.advanceTimersByTimeAsync(200_000)
    expect(errors.map((error) => error.reason)).toContain('expired')
    expect(errors.find((error) => error.reason === 'expired')?.count).toBe(1)
    const afterExpiry = sent.length
    await vi.advanceTimersByTimeAsync(600_000)
    expect(sent).toHaveLength(afterExpiry)
  })
})

describe('page hide', () => {
  it('hands one keepalive request of at most ~64 KB to the browser, unconfirmed events first', async () => {
    const sent = recordFetch()
    const client = await ready()
    const blob = 'y'.repeat(10 * 1024)
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.track(`e${i}`, { blob })))
    void client.track('not yet written')
    dispatchEvent(new Event('pagehide'))
    expect(sent).toHaveLength(1)
    expect(sent[0]!.init.keepalive).toBe(true)
    expect(new TextEncoder().encode(String(sent[0]!.init.body)).length).toBeLessThanOrEqual(64 * 1024)
    const handedOver = sentEvents(sent).map((event) => event.event)
    expect(handedOver[0]).toBe('not yet written')
    expect(handedOver.slice(1)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4'])
    // The rest stayed in the outbox; a page that lives on sends it, and nothing twice.
    await new Promise((resolve) => setTimeout(resolve, 5))
    await client.flush()
    const all = sentEvents(sent).map((event) => event.event)
    expect(new Set(all).size).toBe(all.length)
    expect(all.sort()).toEqual([...Array.from({ length: 12 }, (_, i) => `e${i}`), 'not yet written'].sort())
  })

  it('does not send the same events twice once the keepalive answer is back', async () => {
    const sent = recordFetch()
    const client = await ready()
    await client.track('once')
    dispatchEvent(new Event('pagehide'))
    await new Promise((resolve) => setTimeout(resolve, 5))
    await client.flush()
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['once'])
  })

  it('stops listening to the page after close()', async () => {
    const sent = recordFetch()
    const client = await ready()
    await client.track('a')
    client.close()
    dispatchEvent(new Event('pagehide'))
    await expect(client.track('after close')).resolves.toMatchObject({ event: 'after close' })
    await client.flush()
    expect(sent).toHaveLength(0)
  })
})
