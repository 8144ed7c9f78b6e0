// @vitest-environment node
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { gzipSync } from 'node:zlib'
import { startCollector } from '../../demo/collector/collector.mjs'

type Collector = Awaited<ReturnType<typeof startCollector>>
let collector: Collector

beforeAll(async () => {
  collector = await startCollector()
})
afterAll(() => collector.close())
beforeEach(() => collector.reset())

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`
const track = (messageId: string, extra: Record<string, unknown> = {}) => ({ type: 'track', messageId, userId: 'ada', event: 'Clicked', timestamp: '2024-01-01T00:00:00.000Z', ...extra })

async function post(path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'text/plain' }) {
  const response = await fetch(`${collector.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' || body instanceof Uint8Array ? (body as unknown as BodyInit) : JSON.stringify(body) })
  return { status: response.status, body: await response.json(), headers: response.headers }
}

describe('accepting calls', () => {
  it('accepts a batch on /v1/b with the write key in the body, as the browser SDK sends it', async () => {
    const reply = await post('/v1/b', { batch: [track('a'), track('b')], writeKey: 'k', sentAt: '2024-01-01T00:00:01.000Z' })
    expect(reply).toMatchObject({ status: 200, body: {} })
    expect(collector.events().map((event: any) => event.messageId)).toEqual(['a', 'b'])
    expect(collector.requests).toEqual([expect.objectContaining({ path: '/v1/b', status: 200, at: expect.any(Number), body: expect.objectContaining({ writeKey: 'k' }) })])
  })

  it('accepts /v1/batch with HTTP Basic auth and a gzip body', async () => {
    const body = gzipSync(JSON.stringify({ batch: [track('gz')] }))
    const reply = await post('/v1/batch', body, { authorization: basic('k'), 'content-type': 'application/json', 'content-encoding': 'gzip' })
    expect(reply.status).toBe(200)
    expect(collector.events().map((event: any) => event.messageId)).toEqual(['gz'])
  })

  it('accepts the single-call endpoints and takes the type from the path', async () => {
    const { type, ...call } = track('single')
    expect((await post('/v1/track', call, { authorization: basic('k'), 'content-type': 'application/json' })).status).toBe(200)
    expect((await post('/v1/identify', { messageId: 'who', userId: 'ada', traits: { name: 'Ada' }, writeKey: 'k' })).status).toBe(200)
    expect(collector.events()).toEqual([expect.objectContaining({ type: 'track', messageId: 'single' }), expect.objectContaining({ type: 'identify', messageId: 'who' })])
    expect(collector.state().people).toEqual([expect.objectContaining({ userId: 'ada', attributes: { name: 'Ada' } })])
  })

  it('answers CORS preflights and lets pages read Retry-After', async () => {
    const response = await fetch(`${collector.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'http://localhost:1', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/)
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After')
  })
})

describe('refusing calls', () => {
  it('answers 401 without a write key and records the request', async () => {
    const reply = await post('/v1/b', { batch: [track('a')] })
    expect(reply).toMatchObject({ status: 401, body: { errors: [{ reason: 'unauthorized', message: expect.stringContaining('no write key') }] } })
    expect(collector.events()).toEqual([])
    expect(collector.requests).toEqual([expect.objectContaining({ status: 401 })])
  })

  it('answers 400 naming each invalid call by messageId, and records none of the batch', async () => {
    const reply = await post('/v1/b', { writeKey: 'k', batch: [track('good'), { type: 'track', messageId: 'bad', userId: 'ada' }, { type: 'alias', messageId: 'bad-alias', userId: 'x' }] })
    expect(reply).toEqual({
      status: 400,
      headers: expect.anything(),
      body: { errors: [
        { messageId: 'bad', reason: 'invalid', message: 'needs event' },
        { messageId: 'bad-alias', reason: 'invalid', message: 'needs previousId' },
      ] },
    })
    expect(collector.events()).toEqual([])
    const stream = collector.state().events
    expect(stream.map((entry) => [entry.messageId, entry.status])).toEqual([['good', 'rejected'], ['bad', 'rejected'], ['bad-alias', 'rejected']])
    expect(stream[0]!.reasons).toEqual(['not recorded: another event in the same request was rejected (HTTP 400)'])
  })

  it('answers 400 for a body that is not JSON', async () => {
    const reply = await post('/v1/b', '{"batch": [')
    expect(reply).toMatchObject({ status: 400, body: { errors: [{ reason: 'malformed', message: expect.stringContaining('not valid JSON') }] } })
    expect(collector.requests).toEqual([expect.objectContaining({ status: 400, body: null })])
  })

  it('answers 400 for a call over 32 KB and 413 for a request over 500 KB', async () => {
    const big = track('big', { properties: { text: 'x'.repeat(33 * 1024) } })
    const oneBig = await post('/v1/b', { writeKey: 'k', batch: [track('small'), big] })
    expect(oneBig).toMatchObject({ status: 400, body: { errors: [{ messageId: 'big', reason: 'too_large', message: expect.stringContaining('at most 32 KB per call') }] } })

    const many = Array.from({ length: 17 }, (_, index) => track(`m${index}`, { properties: { text: 'x'.repeat(31 * 1024) } }))
    const tooMuch = await post('/v1/b', { writeKey: 'k', batch: many })
    expect(tooMuch).toMatchObject({ status: 413, body: { errors: [{ reason: 'too_large', message: expect.stringContaining('500 KB per request') }] } })

    const single = await post('/v1/track', { ...big, writeKey: 'k' })
    expect(single).toMatchObject({ status: 413, body: { errors: [{ reason: 'too_large', message: expect.stringContaining('32 KB per call') }] } })
    expect(collector.requests.map((request) => request.status)).toEqual([400, 413, 413])
    expect(collector.events()).toEqual([])
  })

  it('applies the 500 KB limit to the decompressed size of a gzip body', async () => {
    const many = Array.from({ length: 17 }, (_, index) => track(`z${index}`, { properties: { text: 'x'.repeat(31 * 1024) } }))
    const body = gzipSync(JSON.stringify({ writeKey: 'k', batch: many }))
    expect(body.length).toBeLessThan(50 * 1024)
    const reply = await post('/v1/b', body, { 'content-type': 'text/plain', 'content-encoding': 'gzip' })
    expect(reply.status).toBe(413)
  })

  it('drops repeated messageIds from the state while answering 200', async () => {
    await post('/v1/b', { writeKey: 'k', batch: [track('once')] })
    const again = await post('/v1/b', { writeKey: 'k', batch: [track('once')] })
    expect(again.status).toBe(200)
    expect(collector.events()).toHaveLength(2)
    expect(collector.state().people[0]!.timeline).toEqual([1])
    expect(collector.state().events[1]).toMatchObject({ status: 'duplicate', effects: ['dropped: this messageId was already received'] })
  })
})

describe('the state API', () => {
  it('serves /api/state with people, objects, relationships, devices, events and errors', async () => {
    await post('/v1/b', { writeKey: 'k', batch: [{ type: 'group', messageId: 'g', userId: 'ada', groupId: 'acme', traits: { name: 'Acme', relationshipAttributes: { role: 'admin' } } }] })
    const state = await (await fetch(`${collector.url}/api/state`)).json()
    expect(Object.keys(state)).toEqual(expect.arrayContaining(['people', 'objects', 'relationships', 'devices', 'events', 'errors']))
    expect(state.relationships).toEqual([expect.objectContaining({ userId: 'ada', objectId: 'acme', attributes: { role: 'admin' } })])
  })

  it('keeps collector.requests clearable with length = 0, as older tests do', async () => {
    await post('/v1/b', { writeKey: 'k', batch: [track('a')] })
    collector.requests.length = 0
    expect(collector.events()).toEqual([])
    await post('/v1/b', { writeKey: 'k', batch: [track('b')] })
    expect(collector.events().map((event: any) => event.messageId)).toEqual(['b'])
  })

  it('serves the debugger page at /debugger', async () => {
    const response = await fetch(`${collector.url}/debugger`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('relata debugger')
  })
})
