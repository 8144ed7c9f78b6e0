import { afterEach, describe, expect, it, vi } from 'vitest'
import { resolveConfig } from '../../src/config'
import { Emitter, type ErrorInfo } from '../../src/emitter'
import type { Leadership } from '../../src/delivery/leadership'
import { memoryOutbox, type OutboxRecord } from '../../src/delivery/outbox'
import { senderFor } from '../../src/delivery/sender'
import type { TabMessage } from '../../src/delivery/sender-parts'
import type { Post } from '../../src/delivery/transport'
import { Logger } from '../../src/log'

afterEach(() => vi.useRealTimers())

let keys = 0
const keysOf = (records: OutboxRecord[]) => records.map((stored) => stored.key)
const idsIn = (body: string | undefined) => (JSON.parse(body ?? '{}').batch as Array<{ id: string }>).map((event) => event.id)

const record = (): OutboxRecord => {
  const key = String(++keys).padStart(6, '0')
  return { key, messageId: key, body: `{"type":"track","id":"${key}"}`, bytes: 30, at: Date.now() }
}

function senderWith(options: { leading: boolean; status?: number; post?: Post; shared?: boolean }) {
  const posts: string[] = []
  const messages: TabMessage[] = []
  const leadership: Leadership = {
    start: () => {},
    _confirm: async () => options.leading,
    _leads: () => options.leading,
    stop: vi.fn(),
  }
  const post: Post = options.post ?? (async (_url, body) => (posts.push(body), { status: options.status ?? 200, _retryAfter: null }))
  const outbox = { ...memoryOutbox(), _shared: options.shared ?? true }
  const emitter = new Emitter()
  const errors: ErrorInfo[] = []
  emitter.on('error', (info) => errors.push(info))
  const sender = senderFor({
    _config: resolveConfig({ writeKey: 'k', flushAt: options.post ? 2 : 3, flushInterval: 50 }),
    _outbox: outbox,
    _leadership: leadership,
    _post: post,
    _emitter: emitter,
    _log: new Logger(),
    _announce: (message) => messages.push(message),
  })
  return { sender, outbox, posts, messages, leadership, errors }
}

describe('a tab that does not send', () => {
  it('keeps no record of its own and never asks for a flush per event', async () => {
    const options = { leading: false }
    const { sender, outbox, posts, messages } = senderWith(options)
    for (let i = 0; i < 10; i++) {
      const records = [record()]
      await outbox._add(records)
      sender._accepted(records, [])
    }
    expect(messages.filter((message) => 'flush' in message)).toEqual([])
    expect(messages).toHaveLength(10)
    expect(posts).toEqual([])
    // Once it leads, nothing of the above counts as its own: unload hands over nothing, and
    // the count of waiting events starts from zero (2 of flushAt 3 do not flush at once).
    options.leading = true
    await sender._unload([], Promise.resolve())
    expect(posts).toEqual([])
    sender._heard({ written: 2 })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(posts).toEqual([])
  })
})

describe('the sending tab', () => {
  it('forgets records the outbox dropped, so unload never sends them', async () => {
    const { sender, posts } = senderWith({ leading: true })
    const kept = record()
    const dropped = record()
    sender._accepted([kept], [dropped])
    await sender._unload([], Promise.resolve())
    expect(posts).toHaveLength(1)
    expect(idsIn(posts[0])).toEqual([kept.key])
  })

  it('forgets its records that a write of another tab pushed out of the outbox, so unload hands over what still waits', async () => {
    const { sender, outbox, posts } = senderWith({ leading: true })
    const pushedOut = [record(), record()]
    await outbox._add(pushedOut)
    sender._accepted(pushedOut, [])
    // The outbox is full: another tab's write drops the oldest events, and that tab reports them.
    await outbox._remove(pushedOut)
    const theirs = [record()]
    await outbox._add(theirs)
    await sender.flush()
    expect(posts.map(idsIn)).toEqual([keysOf(theirs)])
    const mine = [record()]
    await outbox._add(mine)
    sender._accepted(mine, [])
    await sender._unload([], Promise.resolve())
    expect(posts.map(idsIn)).toEqual([keysOf(theirs), keysOf(mine)])
  })

  it('keeps handing over on unload what it wrote before a fallback to memory, which the memory outbox never held', async () => {
    const { sender, outbox, posts } = senderWith({ leading: true, shared: false })
    // Written to IndexedDB before it failed: only this page's unload list still has it.
    const beforeFallback = record()
    sender._accepted([beforeFallback], [])
    const inMemory = [record()]
    await outbox._add(inMemory)
    sender._accepted(inMemory, [])
    await sender.flush()
    expect(posts.map(idsIn)).toEqual([keysOf(inMemory)])
    await sender._unload([], Promise.resolve())
    expect(posts.map(idsIn)).toEqual([keysOf(inMemory), [beforeFallback.key]])
  })

  it('reports the events that a call made after close() pushed out of the outbox', async () => {
    const { sender, errors } = senderWith({ leading: true })
    sender.stop()
    const dropped = record()
    sender._accepted([record()], [dropped])
    expect(errors.map(({ reason, messageIds }) => ({ reason, messageIds }))).toEqual([{ reason: 'outbox-full', messageIds: [dropped.messageId] }])
  })

  it('stays paused for a refused key when the network comes and goes, and lets another tab lead', async () => {
    const { sender, outbox, posts, leadership, errors } = senderWith({ leading: true, status: 401 })
    const records = [record()]
    await outbox._add(records)
    await sender.flush()
    expect(errors.map((error) => error.reason)).toEqual(['http-401'])
    expect(errors[0]!.error.message).toMatch(/paused/)
    expect(leadership.stop).toHaveBeenCalled()
    sender._online()
    await sender.flush()
    expect(posts).toHaveLength(1)
  })

  it('does nothing once stopped: no timer, no message, no request', async () => {
    vi.useFakeTimers()
    const { sender, outbox, posts, messages } = senderWith({ leading: true })
    sender.stop()
    const records = [record()]
    await outbox._add(records)
    sender._accepted(records, [])
    await vi.advanceTimersByTimeAsync(1000)
    await sender.flush()
    expect(posts).toEqual([])
    expect(messages).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('a page hiding while the sending tab drains', () => {
  it('never sends an event the keepalive request already delivered', async () => {
    const bodies: string[][] = []
    let releaseFirst = () => {}
    const post: Post = async (_url, body, keepalive) => {
      bodies.push((JSON.parse(body).batch as Array<{ type: string; id: string }>).map((event) => event.id))
      if (!keepalive && bodies.length === 1) await new Promise<void>((resolve) => (releaseFirst = resolve))
      return { status: 200, _retryAfter: null }
    }
    const { sender, outbox } = senderWith({ leading: true, post })
    const records = [1, 2, 3, 4].map((id) => ({ ...record(), body: `{"type":"track","id":"${id}"}` }))
    await outbox._add(records)
    sender._accepted(records, [])
    const draining = sender.flush()
    await new Promise((resolve) => setTimeout(resolve, 0))
    await sender._unload([], Promise.resolve())
    releaseFirst()
    await draining
    expect(bodies).toEqual([['1', '2'], ['3', '4']])
  })
})

describe('a tab whose outbox fell back to memory', () => {
  it('gives up the site-wide leadership and still sends its own events', async () => {
    const { sender, outbox, posts, leadership } = senderWith({ leading: true, shared: false })
    const records = [record()]
    await outbox._add(records)
    await sender.flush()
    expect(leadership.stop).toHaveBeenCalled()
    expect(posts).toHaveLength(1)
  })
})
