import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createStore, get } from 'idb-keyval'
import { indexedDbOutbox } from '../../src/delivery/idb-outbox'
import { openTimeoutMs } from '../../src/delivery/idb-store'
import { memoryOutbox, type Outbox, type OutboxRecord } from '../../src/delivery/outbox'
import { resilientOutbox } from '../../src/delivery/resilient-outbox'
import { Logger } from '../../src/log'
import { clearBrowserState, loadClient, recordFetch, sentEvents } from './helpers'

let keyCounter = 0
const record = (name: string, bytes = 10): OutboxRecord => ({
  key: String(++keyCounter).padStart(8, '0'),
  messageId: name,
  body: JSON.stringify({ name }),
  bytes,
  at: Date.now(),
})
const limits = { _maxEvents: 100, _maxBytes: 10_000 }
let databases = 0
const freshKey = () => `test-key-${++databases}`

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const failing = (): Outbox => ({
  _shared: true,
  _add: () => Promise.reject(new Error('QuotaExceededError')),
  _read: () => Promise.reject(new Error('InvalidStateError')),
  _remove: () => Promise.reject(new Error('InvalidStateError')),
  _claimLease: () => Promise.reject(new Error('InvalidStateError')),
})

describe('indexedDbOutbox', () => {
  it('reads records back oldest first, across page loads', async () => {
    const writeKey = freshKey()
    await indexedDbOutbox(writeKey, limits, 2)._add([record('a'), record('b'), record('c')])
    const nextPage = indexedDbOutbox(writeKey, limits, 2)
    expect((await nextPage._read(10)).map((r) => r.messageId)).toEqual(['a', 'b', 'c'])
    expect((await nextPage._read(2)).map((r) => r.messageId)).toEqual(['a', 'b'])
  })

  it('removes delivered records', async () => {
    const outbox = indexedDbOutbox(freshKey(), limits, 2)
    const [a, b] = [record('a'), record('b')]
    await outbox._add([a, b])
    await outbox._remove([a])
    expect((await outbox._read(10)).map((r) => r.messageId)).toEqual(['b'])
  })

  it('keeps write keys apart', async () => {
    const one = indexedDbOutbox(freshKey(), limits, 2)
    const two = indexedDbOutbox(freshKey(), limits, 2)
    await one._add([record('for one')])
    expect(await two._read(10)).toEqual([])
  })

  it('drops the oldest records past the event limit and returns them', async () => {
    const outbox = indexedDbOutbox(freshKey(), { _maxEvents: 3, _maxBytes: 10_000 }, 2)
    expect(await outbox._add([record('a'), record('b')])).toEqual([])
    const dropped = await outbox._add([record('c'), record('d'), record('e')])
    expect(dropped.map((r) => r.messageId)).toEqual(['a', 'b'])
    expect((await outbox._read(10)).map((r) => r.messageId)).toEqual(['c', 'd', 'e'])
  })

  it('drops the oldest records past the byte limit', async () => {
    const outbox = indexedDbOutbox(freshKey(), { _maxEvents: 100, _maxBytes: 250 }, 2)
    await outbox._add([record('a', 100), record('b', 100)])
    const dropped = await outbox._add([record('c', 100)])
    expect(dropped.map((r) => r.messageId)).toEqual(['a'])
    const [b] = await outbox._read(1)
    await outbox._remove([b!])
    expect(await outbox._add([record('d', 100)])).toEqual([])
  })

  it('grants the lease to one owner until it expires', async () => {
    const writeKey = freshKey()
    const tabA = indexedDbOutbox(writeKey, limits, 2)
    const tabB = indexedDbOutbox(writeKey, limits, 2)
    expect(await tabA._claimLease('A', 1000, 5000)).toBe(true)
    expect(await tabB._claimLease('B', 2000, 5000)).toBe(false)
    expect(await tabA._claimLease('A', 3000, 5000)).toBe(true)
    expect(await tabB._claimLease('B', 7999, 5000)).toBe(false)
    expect(await tabB._claimLease('B', 8000, 5000)).toBe(true)
    expect(await tabA._claimLease('A', 8001, 5000)).toBe(false)
  })
})

/** Makes the first indexedDB.open() hang until `release()`, as Safari 14's may for good; later ones pass through. */
function holdFirstOpen() {
  const realOpen = indexedDB.open.bind(indexedDB)
  const held: { opens: number; release: () => void } = { opens: 0, release: () => {} }
  vi.spyOn(indexedDB, 'open').mockImplementation((name, version) => {
    const real = realOpen(name, version)
    if (held.opens++) return real
    const request = {
      onsuccess: null as null | (() => void),
      onupgradeneeded: null as null | ((event: Event) => void),
      get result() {
        return real.result
      },
    }
    real.onupgradeneeded = (event) => request.onupgradeneeded?.(event)
    real.onsuccess = () => (held.release = () => request.onsuccess?.())
    return request as unknown as IDBOpenDBRequest
  })
  return held
}

describe('an IndexedDB that does not open', () => {
  afterEach(() => vi.useRealTimers())

  it('counts an open past the timeout as failed, writes on a fresh connection, and runs nothing when the first one opens late', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    const held = holdFirstOpen()
    const name = freshKey()
    const outbox = resilientOutbox(() => indexedDbOutbox(name, limits, 2), memoryOutbox(), new Logger())
    const adding = outbox._add([record('waited')])
    await vi.advanceTimersByTimeAsync(openTimeoutMs)
    await adding
    expect(held.opens).toBe(2)
    expect(outbox._shared).toBe(true)
    held.release()
    await new Promise((resolve) => setImmediate(resolve))
    await new Promise((resolve) => setImmediate(resolve))
    expect((await outbox._read(10)).map((r) => r.messageId)).toEqual(['waited'])
    // The late connection did not write the event a second time.
    expect(await get('v2:m:totals', createStore(name, 'outbox'))).toEqual({ count: 1, bytes: 10 })
  })
})

describe('memoryOutbox', () => {
  it('drops the oldest records past either limit, keeping at least one', async () => {
    const outbox = memoryOutbox({ _maxEvents: 3, _maxBytes: 250 })
    expect((await outbox._add([record('a', 100), record('b', 100)])).map((r) => r.messageId)).toEqual([])
    expect((await outbox._add([record('c', 100)])).map((r) => r.messageId)).toEqual(['a'])
    expect((await outbox._add([record('d', 10), record('e', 10)])).map((r) => r.messageId)).toEqual(['b'])
    expect((await outbox._add([record('huge', 1000)])).map((r) => r.messageId)).toEqual(['c', 'd', 'e'])
    expect((await outbox._read(10)).map((r) => r.messageId)).toEqual(['huge'])
    await outbox._remove([record('unknown')])
    expect((await outbox._read(10)).map((r) => r.messageId)).toEqual(['huge'])
  })
})

describe('resilientOutbox', () => {

  it('falls back to memory when IndexedDB is missing', async () => {
    vi.stubGlobal('indexedDB', undefined)
    const log = new Logger()
    const debug = vi.spyOn(log, 'debug')
    const outbox = resilientOutbox(() => indexedDbOutbox(freshKey(), limits, 2), memoryOutbox(), log)
    await outbox._add([record('kept')])
    expect((await outbox._read(10)).map((r) => r.messageId)).toEqual(['kept'])
    expect(outbox._shared).toBe(false)
    expect(debug).toHaveBeenCalledWith('IndexedDB failed', expect.any(TypeError))
    expect(debug).toHaveBeenCalledWith(expect.stringMatching(/memory only/))
  })

  it('reopens the primary once before giving up on it', async () => {
    let opened = 0
    const outbox = resilientOutbox(() => (++opened === 1 ? failing() : memoryOutbox()), memoryOutbox(), new Logger())
    await outbox._add([record('after reopening')])
    expect(opened).toBe(2)
    expect((await outbox._read(10)).map((r) => r.messageId)).toEqual(['after reopening'])
  })

  it('gives a connection that worked again a fresh one on its next failure too', async () => {
    const database = { ...memoryOutbox(), _shared: true }
    let opened = 0
    // Each connection serves one write and then fails, as when the browser closes a background tab's connection.
    const closingAfterOneWrite = (): Outbox => {
      let writes = 0
      opened++
      return { ...database, _add: (records) => (writes++ ? Promise.reject(new Error('InvalidStateError')) : database._add(records)) }
    }
    const outbox = resilientOutbox(closingAfterOneWrite, memoryOutbox(), new Logger())
    for (const name of ['first', 'second', 'third']) await outbox._add([record(name)])
    expect(opened).toBe(3)
    expect(outbox._shared).toBe(true)
    expect((await outbox._read(10)).map((r) => r.messageId)).toEqual(['first', 'second', 'third'])
  })

  it('keeps the records of a failed write in memory', async () => {
    const outbox = resilientOutbox(failing, memoryOutbox(), new Logger())
    await outbox._add([record('kept')])
    expect((await outbox._read(10)).map((r) => r.messageId)).toEqual(['kept'])
    expect(await outbox._claimLease('me', 0, 1)).toBe(true)
  })
})

describe('a client with IndexedDB', () => {
  it('writes a burst of calls in a handful of transactions, not one per call', async () => {
    clearBrowserState()
    const sent = recordFetch()
    const transactions = vi.spyOn(IDBDatabase.prototype, 'transaction')
    const analytics = loadClient({ writeKey: freshKey(), flushAt: 1000, flushInterval: 60_000 })
    await Promise.all(Array.from({ length: 500 }, (_, i) => analytics.track(`e${i}`)))
    const writes = transactions.mock.calls.filter(([, mode]) => mode === 'readwrite').length
    expect(writes).toBeLessThanOrEqual(3)
    await analytics.flush()
    expect(sentEvents(sent)).toHaveLength(500)
    analytics.close()
  })

  it('delivers on the next page load what an earlier page could not', async () => {
    clearBrowserState()
    const writeKey = freshKey()
    recordFetch(() => 503)
    const first = loadClient({ writeKey, flushAt: 1000, flushInterval: 60_000 })
    await first.track('survives the page')
    await first.flush()
    first.close()
    const sent = recordFetch()
    const second = loadClient({ writeKey, flushAt: 1000, flushInterval: 60_000 })
    await vi.waitFor(() => expect(sentEvents(sent).map((event) => event.event)).toEqual(['survives the page']))
    second.close()
  })
})

describe('resilientOutbox under concurrent failures', () => {
  it('keeps the reopened connection when a second operation fails on the old one', async () => {
    let opened = 0
    const fresh = memoryOutbox()
    const outbox = resilientOutbox(() => (++opened === 1 ? failing() : { ...fresh, _shared: true }), memoryOutbox(), new Logger())
    await Promise.all([outbox._add([record('a')]), outbox._read(10)])
    expect(opened).toBe(2)
    expect(outbox._shared).toBe(true)
  })
})
