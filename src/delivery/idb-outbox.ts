import { createStore, promisifyRequest } from 'idb-keyval'
import type { Outbox, OutboxLimits, OutboxRecord } from './outbox'

/**
 * Key layout, versioned so a later format can live beside this one. Records are stored in
 * chunks of about one batch: a burst of 10,000 calls costs 500 writes, not 10,000, and a
 * delivered batch usually removes one key.
 */
const chunkPrefix = 'v2:c:'
const totalsKey = 'v2:m:totals'
const leaseKey = 'v2:m:lease'
const chunkRange = () => IDBKeyRange.bound(chunkPrefix, `${chunkPrefix}\uffff`)

interface Totals {
  count: number
  bytes: number
}

interface Lease {
  owner: string
  expires: number
}

/**
 * The outbox in IndexedDB, one database per write key, shared by every tab of the site.
 * Each change and its bookkeeping happen in one transaction, so concurrent tabs never see
 * half of one.
 */
export function indexedDbOutbox(writeKey: string, limits: OutboxLimits, chunkSize: number): Outbox {
  const useStore = createStore(`relata:${writeKey}`, 'outbox')
  const committed = (store: IDBObjectStore) => promisifyRequest(store.transaction)

  return {
    shared: true,
    add: (added) =>
      useStore('readwrite', async (store) => {
        const totals = await readTotals(store)
        for (let i = 0; i < added.length; i += chunkSize) {
          const chunk = added.slice(i, i + chunkSize)
          const key = chunkPrefix + (chunk[0] as OutboxRecord).key
          for (const record of chunk) {
            record.chunk = key
            totals.bytes += record.bytes
          }
          store.put(chunk, key)
        }
        totals.count += added.length
        const dropped = await dropOldest(store, totals, limits)
        store.put(totals, totalsKey)
        await committed(store)
        return dropped
      }),
    read: (limit) => useStore('readonly', (store) => oldest(store, limit)),
    remove: (removed) =>
      useStore('readwrite', async (store) => {
        const totals = await readTotals(store)
        const byChunk = new Map<string, Set<string>>()
        for (const record of removed) {
          if (record.chunk) byChunk.set(record.chunk, (byChunk.get(record.chunk) ?? new Set()).add(record.key))
        }
        for (const [key, gone] of byChunk) {
          const chunk = ((await promisifyRequest(store.get(key))) as OutboxRecord[] | undefined) ?? []
          const kept = chunk.filter((record) => !gone.has(record.key))
          for (const record of chunk) {
            if (gone.has(record.key)) {
              totals.count--
              totals.bytes -= record.bytes
            }
          }
          if (kept.length === 0) store.delete(key)
          else if (kept.length < chunk.length) store.put(kept, key)
        }
        store.put(totals, totalsKey)
        await committed(store)
      }),
    claimLease: (owner, now, ttlMs) =>
      useStore('readwrite', async (store) => {
        const lease = (await promisifyRequest(store.get(leaseKey))) as Lease | undefined
        const free = !lease || lease.expires <= now || lease.owner === owner
        if (free) store.put({ owner, expires: now + ttlMs } satisfies Lease, leaseKey)
        await committed(store)
        return free
      }),
  }
}

async function readTotals(store: IDBObjectStore): Promise<Totals> {
  return ((await promisifyRequest(store.get(totalsKey))) as Totals | undefined) ?? { count: 0, bytes: 0 }
}

/** Walks the chunks oldest first; `visit` returns false to stop. */
function eachChunk(store: IDBObjectStore, visit: (cursor: IDBCursorWithValue, chunk: OutboxRecord[]) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = store.openCursor(chunkRange())
    request.onerror = () => reject(request.error)
    request.onsuccess = () => {
      const cursor = request.result
      if (cursor && visit(cursor, cursor.value as OutboxRecord[])) cursor.continue()
      else resolve()
    }
  })
}

async function oldest(store: IDBObjectStore, limit: number): Promise<OutboxRecord[]> {
  const records: OutboxRecord[] = []
  await eachChunk(store, (_, chunk) => (records.push(...chunk), records.length < limit))
  return records.slice(0, limit)
}

/** Drops the oldest records until the outbox is within its limits; keeps at least one. */
async function dropOldest(store: IDBObjectStore, totals: Totals, limits: OutboxLimits): Promise<OutboxRecord[]> {
  const dropped: OutboxRecord[] = []
  const over = () => totals.count > 1 && (totals.count > limits.maxEvents || totals.bytes > limits.maxBytes)
  if (!over()) return dropped
  await eachChunk(store, (cursor, chunk) => {
    let drop = 0
    for (; drop < chunk.length && over(); drop++) {
      totals.count--
      totals.bytes -= (chunk[drop] as OutboxRecord).bytes
    }
    dropped.push(...chunk.slice(0, drop))
    if (drop === chunk.length) cursor.delete()
    else cursor.update(chunk.slice(drop))
    return over()
  })
  return dropped
}
