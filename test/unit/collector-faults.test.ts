// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import { startCollector } from '../../demo/collector/collector.mjs'

type Collector = Awaited<ReturnType<typeof startCollector>>
let collector: Collector

beforeAll(async () => {
  collector = await startCollector()
})
afterAll(() => collector.close())
beforeEach(() => collector.reset())

const call = (messageId: string) => ({ type: 'track', messageId, userId: 'ada', event: 'Clicked' })
const send = async (...messageIds: string[]) => {
  const response = await fetch(`${collector.url}/v1/b`, { method: 'POST', body: JSON.stringify({ writeKey: 'k', batch: messageIds.map(call) }) })
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() }
}

describe('fault injection', () => {
  it('answers the injected status for the next N requests without recording events', async () => {
    collector.inject({ status: 503 }, 2)
    expect((await send('a')).status).toBe(503)
    expect((await send('a')).status).toBe(503)
    expect((await send('a')).status).toBe(200)
    expect(collector.requests.map((received) => received.status)).toEqual([503, 503, 200])
    expect(collector.events().map((event: any) => event.messageId)).toEqual(['a'])
    expect(collector.state().events.map((entry) => entry.status)).toEqual(['rejected', 'rejected', 'accepted'])
    expect(collector.state().events[0]!.reasons).toEqual(['answered 503 by an injected fault'])
  })

  it('adds Retry-After, with 429 when no status is given', async () => {
    collector.inject({ status: 429, retryAfter: '3' })
    collector.inject({ retryAfter: '1' })
    expect(await send('a')).toMatchObject({ status: 429, retryAfter: '3' })
    expect(await send('a')).toMatchObject({ status: 429, retryAfter: '1' })
    expect(await send('a')).toMatchObject({ status: 200, retryAfter: null })
  })

  it('drops the connection without answering and records status 0', async () => {
    collector.inject({ drop: true })
    await expect(send('lost')).rejects.toThrow()
    expect(collector.requests).toEqual([expect.objectContaining({ status: 0, body: expect.objectContaining({ batch: [expect.objectContaining({ messageId: 'lost' })] }) })])
    expect(collector.events()).toEqual([])
  })

  it('delays the answer, then handles the request normally', async () => {
    collector.inject({ delayMs: 300 })
    const started = Date.now()
    expect((await send('slow')).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
    expect(collector.events()).toHaveLength(1)
  })

  it('refuses batches holding chosen messageIds until the list is cleared', async () => {
    collector.inject({ rejectMessageIds: ['poison'] })
    expect(await send('ok-1', 'poison')).toMatchObject({ status: 400, body: { errors: [{ messageId: 'poison', message: expect.stringContaining('injected') }] } })
    expect((await send('ok-1')).status).toBe(200)
    expect((await send('poison')).status).toBe(400)
    collector.inject({ rejectMessageIds: [] })
    expect((await send('poison')).status).toBe(200)
  })

  it('takes faults over HTTP with POST /api/faults and clears them with POST /api/reset', async () => {
    const injected = await fetch(`${collector.url}/api/faults`, { method: 'POST', body: JSON.stringify({ fault: { status: 500 }, count: 3 }) })
    expect(await injected.json()).toEqual({ pending: [{ fault: { status: 500 }, remaining: 3 }], rejectMessageIds: [] })
    expect((await send('a')).status).toBe(500)
    await fetch(`${collector.url}/api/reset`, { method: 'POST' })
    expect(collector.requests).toEqual([])
    expect((await send('a')).status).toBe(200)
    expect(collector.state().events).toHaveLength(1)
  })

  it('ends every pending fault with clearFaults, keeping what was received', async () => {
    collector.inject({ status: 500 }, 5)
    collector.inject({ rejectMessageIds: ['a'] })
    expect((await send('b')).status).toBe(500)
    collector.clearFaults()
    expect((await send('a')).status).toBe(200)
    expect(collector.requests.map((received) => received.status)).toEqual([500, 200])
  })

  it('does not spend faults on preflights or on the state API', async () => {
    collector.inject({ status: 500 })
    await fetch(`${collector.url}/v1/b`, { method: 'OPTIONS' })
    await fetch(`${collector.url}/api/state`)
    expect((await send('a')).status).toBe(500)
  })

  it('streams a change message to the debugger when an event arrives', async () => {
    const messages: string[] = []
    const done = new Promise<void>((resolve) => {
      const live = request(`${collector.url}/api/live`, (response) => {
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          messages.push(chunk)
          if (messages.join('').split('event: change').length > 2) {
            live.destroy()
            resolve()
          }
        })
      })
      live.end()
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    await send('live')
    await done
    expect(messages.join('')).toMatch(/event: change\ndata: \{"version":\d+\}/)
  })
})
