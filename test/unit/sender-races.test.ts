import { afterEach, describe, expect, it, vi } from 'vitest'
import { resolveConfig } from '../../src/config'
import { Emitter } from '../../src/emitter'
import { intakeFor } from '../../src/delivery/intake'
import type { Leadership } from '../../src/delivery/leadership'
import { memoryOutbox, type Outbox, type OutboxRecord } from '../../src/delivery/outbox'
import { senderFor } from '../../src/delivery/sender'
import type { Post, PostResult } from '../../src/delivery/transport'
import { Logger } from '../../src/log'

afterEach(() => vi.useRealTimers())

let keys = 0
const record = (): OutboxRecord => {
  const key = String(++keys).padStart(6, '0')
  return { key, messageId: key, body: `{"type":"track","id":"${key}"}`, bytes: 30, at: Date.now() }
}
const idsIn = (body: string) => (JSON.parse(body).batch as Array<{ id: string }>).map((event) => event.id)
const keysOf = (records: OutboxRecord[]) => records.map((stored) => stored.key)

/** A post whose answers the test releases one by one; every request is recorded. */
function heldPost(status = 200) {
  const posts: Array<{ ids: string[]; keepalive: boolean }> = []
  const waiting: Array<() => void> = []
  const post: Post = (_url, body, keepalive) =>
    new Promise<PostResult>((resolve) => {
      posts.push({ ids: idsIn(body), keepalive })
      waiting.push(() => resolve({ status, _retryAfter: null }))
    })
  /** Answers every request, including those sent in the next few turns of the event loop. */
  const answerAll = async () => {
    for (let turn = 0; turn < 10; turn++) {
      await new Promise((resolve) => setTimeout(resolve, 0))
      for (const answer of waiting.splice(0)) answer()
    }
  }
  return { post, posts, answerAll }
}

const leading = (): Leadership => ({ start: () => {}, _confirm: async () => true, _leads: () => true, stop: vi.fn() })

function senderOn(outbox: Outbox, post: Post, leadership: Leadership = leading(), flushInterval = 50) {
  const emitter = new Emitter()
  const delivered: string[] = []
  emitter.on('delivered', (info) => delivered.push(...info.messageIds))
  const sender = senderFor({
    _config: resolveConfig({ writeKey: 'k', flushAt: 2, flushInterval }),
    _outbox: outbox,
    _leadership: leadership,
    _post: post,
    _emitter: emitter,
    _log: new Logger(),
    _announce: () => {},
  })
  return { sender, delivered }
}

/** A shared memory outbox whose first `_add` or `_remove` waits until the test calls `release`. */
function outboxHoldingFirst(operation: '_add' | '_remove') {
  const memory = { ...memoryOutbox(), _shared: true }
  let release = () => {}
  let first = true
  const held = async (records: OutboxRecord[]) => {
    if (first) await new Promise<void>((resolve) => ((first = false), (release = resolve)))
    return (memory[operation] as (records: OutboxRecord[]) => Promise<unknown>)(records)
  }
  const outbox = { ...memory, [operation]: held } as Outbox
  return { memory, outbox, release: () => release() }
}

describe('the sender under races', () => {
  it('removes what a keepalive request delivered before its outbox write ended, and never sends it again', async () => {
    const { memory, outbox, release: releaseFirstWrite } = outboxHoldingFirst('_add')
    const { post, posts, answerAll } = heldPost()
    const { sender, delivered } = senderOn(outbox, post)
    const intake = intakeFor(outbox, (records, dropped) => sender._accepted(records, dropped))
    const [a, b] = [record(), record()]
    void intake.add(a)
    await new Promise((resolve) => setTimeout(resolve, 0))
    void intake.add(b)
    const unloading = sender._unload(intake._unconfirmed(), intake._settled())
    await answerAll()
    await unloading
    releaseFirstWrite()
    await intake._settled()
    await new Promise((resolve) => setTimeout(resolve, 0))
    const flushing = sender.flush()
    await answerAll()
    await flushing
    expect(posts.flatMap((request) => request.ids)).toEqual([a.key, b.key])
    expect(delivered).toEqual([a.key, b.key])
    expect(await memory._read(10)).toEqual([])
  })

  it('lets go of the leadership only once the request in flight is answered', async () => {
    const { post, answerAll } = heldPost()
    const leadership = leading()
    const outbox = { ...memoryOutbox(), _shared: true }
    await outbox._add([record(), record()])
    const { sender } = senderOn(outbox, post, leadership)
    const flushing = sender.flush()
    await new Promise((resolve) => setTimeout(resolve, 0))
    sender.stop()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(leadership.stop).not.toHaveBeenCalled()
    await answerAll()
    await flushing
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(leadership.stop).toHaveBeenCalled()
  })

  it('lets go of the leadership at once when nothing is in flight', () => {
    const leadership = leading()
    const { sender } = senderOn({ ...memoryOutbox(), _shared: true }, heldPost().post, leadership)
    sender.stop()
    expect(leadership.stop).toHaveBeenCalled()
  })

  it('stops sending what it read from IndexedDB once the outbox fell back to memory', async () => {
    const memory = memoryOutbox()
    let shared = true
    await memory._add([record(), record(), record(), record()])
    // The removal of the first batch fails for good: the resilient outbox now serves memory.
    const outbox: Outbox = {
      get _shared() {
        return shared
      },
      _add: memory._add,
      _read: async (count) => (shared ? memory._read(count) : []),
      _remove: async () => void (shared = false),
      _claimLease: memory._claimLease,
    }
    const { post, posts, answerAll } = heldPost()
    const leadership = leading()
    const { sender } = senderOn(outbox, post, leadership)
    const flushing = sender.flush()
    await answerAll()
    await flushing
    expect(posts).toHaveLength(1)
  })

  it('retries after the backoff, even when a flushInterval timer was armed during the request', async () => {
    vi.useFakeTimers()
    const outbox = { ...memoryOutbox(), _shared: true }
    const times: number[] = []
    const start = Date.now()
    let answers = 0
    let release = () => {}
    const post: Post = async () => {
      times.push(Date.now() - start)
      if (answers++ === 0) await new Promise<void>((resolve) => (release = resolve))
      return { status: answers === 1 ? 503 : 200, _retryAfter: null }
    }
    const { sender } = senderOn(outbox, post, leading(), 60_000)
    await outbox._add([record()])
    const flushing = sender.flush()
    await vi.advanceTimersByTimeAsync(0)
    const written = [record()]
    await outbox._add(written)
    sender._accepted(written, [])
    release()
    await flushing
    await vi.advanceTimersByTimeAsync(5_000)
    expect(times).toHaveLength(2)
    expect(times[1]).toBeLessThan(5_000)
  })

  it('during a backoff, hands to the keepalive request only what storage does not hold yet', async () => {
    const outbox = { ...memoryOutbox(), _shared: true }
    let status = 503
    const posts: string[][] = []
    const post: Post = async (_url, body) => (posts.push(idsIn(body)), { status, _retryAfter: null })
    const { sender } = senderOn(outbox, post)
    const stored = [record()]
    await outbox._add(stored)
    sender._accepted(stored, [])
    await sender.flush()
    expect(posts).toEqual([keysOf(stored)])
    status = 200
    await sender._unload([], Promise.resolve())
    expect(posts).toHaveLength(1)
    const notWritten = record()
    await sender._unload([notWritten], Promise.resolve())
    expect(posts[1]).toEqual([notWritten.key])
  })

  /** A sending tab with a drain request out, whose answer does not come. */
  async function requestOut(outbox: Outbox) {
    const { post, posts } = heldPost()
    const { sender } = senderOn(outbox, post)
    const stored = [record(), record()]
    await outbox._add(stored)
    sender._accepted(stored, [])
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(posts).toEqual([{ ids: keysOf(stored), keepalive: false }])
    return { sender, posts, stored }
  }

  it('never puts the events of a request still out in a keepalive request too, as a tab switch also hides the page', async () => {
    const { sender, posts } = await requestOut({ ...memoryOutbox(), _shared: true })
    void sender._unload([], Promise.resolve())
    expect(posts).toHaveLength(1)
  })

  it('with the outbox in memory, hands over on hide the events of a request still out, which dies with the page', async () => {
    const { sender, posts, stored } = await requestOut(memoryOutbox())
    void sender._unload([], Promise.resolve())
    expect(posts[1]).toEqual({ ids: keysOf(stored), keepalive: true })
    // A second hide leaves them to the keepalive request still out.
    void sender._unload([], Promise.resolve())
    expect(posts).toHaveLength(2)
  })

  it('fits the keepalive request of a second hide beside the one still out, as browsers fail one past about 64 KB in flight', async () => {
    const outbox = { ...memoryOutbox(), _shared: true }
    const { post, posts, answerAll } = heldPost()
    const { sender } = senderOn(outbox, post, leading(), 60_000)
    const large = () => ({ ...record(), bytes: 25 * 1024 })
    const first = [large(), large(), large()]
    void sender._unload(first, Promise.resolve())
    // Two fit in one request; the third waits in the outbox.
    expect(posts).toEqual([{ ids: keysOf(first.slice(0, 2)), keepalive: true }])
    const [small, big] = [record(), large()]
    void sender._unload([big], Promise.resolve())
    expect(posts).toHaveLength(1)
    void sender._unload([small], Promise.resolve())
    expect(posts[1]).toEqual({ ids: [small.key], keepalive: true })
    await answerAll()
    void sender._unload([big], Promise.resolve())
    expect(posts[2]).toEqual({ ids: [big.key], keepalive: true })
  })

  it('after a fallback to memory, gives up the leadership only once its keepalive request is answered', async () => {
    const memory = memoryOutbox()
    let shared = true
    const outbox: Outbox = { ...memory, get _shared() { return shared } }
    const { post, posts, answerAll } = heldPost()
    const leadership = leading()
    const { sender } = senderOn(outbox, post, leadership, 60_000)
    const stored = [record()]
    await outbox._add(stored)
    sender._accepted(stored, [])
    void sender._unload([], Promise.resolve())
    expect(posts).toEqual([{ ids: keysOf(stored), keepalive: true }])
    // IndexedDB fails for good: the tab sends its own events from memory.
    shared = false
    const own = [record()]
    await outbox._add(own)
    sender._accepted(own, [])
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(posts[1]).toEqual({ ids: keysOf(own), keepalive: false })
    // The next tab to send would read the keepalive request's event from IndexedDB and send it again.
    expect(leadership.stop).not.toHaveBeenCalled()
    await answerAll()
    expect(leadership.stop).toHaveBeenCalled()
  })

  it('sends again what a failed keepalive request held, once the page is back', async () => {
    vi.useFakeTimers()
    const outbox = { ...memoryOutbox(), _shared: true }
    const posts: string[][] = []
    let failKeepalive = () => {}
    const post: Post = async (_url, body, keepalive) => {
      posts.push(idsIn(body))
      if (keepalive) await new Promise<void>((resolve) => (failKeepalive = resolve))
      return { status: keepalive ? 0 : 200, _retryAfter: null }
    }
    const { sender } = senderOn(outbox, post, leading(), 1_000)
    const stored = [record()]
    await outbox._add(stored)
    sender._accepted(stored, [])
    const unloading = sender._unload([], Promise.resolve())
    // The interval's drain finds everything in the keepalive request, and has nothing to do.
    await vi.advanceTimersByTimeAsync(1_000)
    expect(posts).toHaveLength(1)
    failKeepalive()
    await unloading
    await vi.advanceTimersByTimeAsync(1_000)
    expect(posts).toEqual([keysOf(stored), keysOf(stored)])
    expect(await outbox._read(10)).toEqual([])
  })

  it('reads past a window of expired events to the fresh ones behind it', async () => {
    const outbox = { ...memoryOutbox(), _shared: true }
    // flushAt 2 reads 20 records at a time: 25 that are a week old, then one fresh.
    const old = Array.from({ length: 25 }, () => ({ ...record(), at: Date.now() - 8 * 24 * 3_600_000 }))
    const fresh = record()
    await outbox._add([...old, fresh])
    const posts: string[][] = []
    const post: Post = async (_url, body) => (posts.push(idsIn(body)), { status: 200, _retryAfter: null })
    const { sender } = senderOn(outbox, post)
    await sender.flush()
    expect(posts).toEqual([[fresh.key]])
    expect(await outbox._read(100)).toEqual([])
  })

  it('drops a record without a valid time as expired, instead of reading it again and again', async () => {
    const outbox = { ...memoryOutbox(), _shared: true }
    const damaged = { ...record(), at: Number.NaN }
    const fresh = record()
    await outbox._add([damaged, fresh])
    let reads = 0
    const read = outbox._read
    // Stops a drain that would read without end, so that the test fails instead of hanging.
    outbox._read = async (count) => {
      if (++reads > 5) throw new Error('read again and again')
      return read(count)
    }
    const posts: string[][] = []
    const post: Post = async (_url, body) => (posts.push(idsIn(body)), { status: 200, _retryAfter: null })
    const { sender } = senderOn(outbox, post)
    await sender.flush()
    expect(posts).toEqual([[fresh.key]])
    expect(reads).toBeLessThanOrEqual(5)
    expect(await outbox._read(10)).toEqual([])
  })

  it('holds the drain back until the Retry-After a keepalive request was answered with', async () => {
    vi.useFakeTimers()
    const outbox = { ...memoryOutbox(), _shared: true }
    const sent: Array<{ at: number; keepalive: boolean }> = []
    const start = Date.now()
    const post: Post = async (_url, _body, keepalive) => (sent.push({ at: Date.now() - start, keepalive }), { status: 429, _retryAfter: '60' })
    const { sender } = senderOn(outbox, post)
    const stored = [record()]
    await outbox._add(stored)
    sender._accepted(stored, [])
    // A tab switch at once: the keepalive request is answered 429, Retry-After: 60.
    await sender._unload([], Promise.resolve())
    await vi.advanceTimersByTimeAsync(61_000)
    expect(sent.map((request) => request.keepalive)).toEqual([true, false])
    expect(sent[1]!.at).toBeGreaterThanOrEqual(60_000)
  })

  it('stops a drain under way when a keepalive answer asks for Retry-After', async () => {
    vi.useFakeTimers()
    const outbox = { ...memoryOutbox(), _shared: true }
    const stored = Array.from({ length: 8 }, record)
    await outbox._add(stored)
    const sent: Array<{ at: number; keepalive: boolean }> = []
    const start = Date.now()
    let answerFirst = () => {}
    const post: Post = async (_url, _body, keepalive) => {
      sent.push({ at: Date.now() - start, keepalive })
      if (keepalive) return { status: 429, _retryAfter: '60' }
      if (sent.length === 1) await new Promise<void>((resolve) => (answerFirst = resolve))
      return { status: 200, _retryAfter: null }
    }
    const { sender } = senderOn(outbox, post)
    sender._accepted(stored, [])
    const flushing = sender.flush()
    await vi.advanceTimersByTimeAsync(0)
    // The page hides while the first batch is out; its keepalive request is answered 429.
    await sender._unload([], Promise.resolve())
    answerFirst()
    await flushing
    await vi.advanceTimersByTimeAsync(59_000)
    expect(sent.map((request) => request.keepalive)).toEqual([false, true])
    await vi.advanceTimersByTimeAsync(2_000)
    expect(sent.length).toBeGreaterThan(2)
    expect(sent.slice(2).every((request) => request.at >= 60_000)).toBe(true)
  })

  it('hands events over on unload once the network is back, even when the online event never came', async () => {
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const outbox = { ...memoryOutbox(), _shared: true }
    const posts: Array<{ ids: string[]; keepalive: boolean }> = []
    const post: Post = async (_url, body, keepalive) => (posts.push({ ids: idsIn(body), keepalive }), { status: 200, _retryAfter: null })
    const { sender } = senderOn(outbox, post)
    const stored = [record()]
    await outbox._add(stored)
    sender._accepted(stored, [])
    await sender.flush()
    expect(posts).toEqual([])
    // Restored from the back/forward cache with the network back, and closed before any call.
    online.mockReturnValue(true)
    await sender._unload([], Promise.resolve())
    expect(posts).toEqual([{ ids: keysOf(stored), keepalive: true }])
    online.mockRestore()
  })

  it('makes no request once closed, not even for the second half of a batch it was splitting', async () => {
    // The removal of the first refused event is held, so close() comes in the middle of the split.
    const { outbox, release: releaseRemoval } = outboxHoldingFirst('_remove')
    await outbox._add([record(), record()])
    const posts: string[][] = []
    const post: Post = async (_url, body) => (posts.push(idsIn(body)), { status: 400, _retryAfter: null })
    const leadership = leading()
    const { sender } = senderOn(outbox, post, leadership)
    const flushing = sender.flush()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(posts).toHaveLength(2)
    sender.stop()
    releaseRemoval()
    await flushing
    expect(posts).toHaveLength(2)
    expect(leadership.stop).toHaveBeenCalled()
  })
})
