import { promisifyRequest } from 'idb-keyval'
import { outboxStore } from './idb-store'
import { overLimits, type Outbox, type OutboxLimits, type OutboxRecord } from './outbox'

/**
 * Key layout, versioned so a later format can live beside this one. Records are stored in
 * chunks of about one batch: a burst of 10,000 calls costs 500 writes, not 10,000, and a
 * delivered batch usually removes one key.
 */
const chunkPrefix = 'v2:c:'
/** Sorts after every key that starts with `chunkPrefix` (';' follows ':'): the chunks lie between the two. */
const chunksEnd = 'v2:c;'
const totalsKey = 'v2:m:totals'
const leaseKey = 'v2:m:lease'

interface Totals {
  count: number
  bytes: number
}

interface Lease {
  owner: string
  expires: number
}

const get = <T>(store: IDBObjectStore, key: string) => promisifyRequest(store.get(key)) as Promise<T | undefined>

/**
 * Walks the chunks oldest first; `visit` returns false to stop. Each step is awaited, as the
 * other requests of a transaction are: the transaction stays active for what follows.
 */
async function eachChunk(store: IDBObjectStore, visit: (cursor: IDBCursorWithValue, chunk: OutboxRecord[]) => boolean) {
  const request = store.openCursor(IDBKeyRange.bound(chunkPrefix, chunksEnd))
  let cursor
  while ((cursor = await promisifyRequest(request)) && visit(cursor, cursor.value as OutboxRecord[])) cursor.continue()
}

/**
 * The outbox in IndexedDB, in the database `name` (one per write key), shared by every tab
 * of the site. Each change and its bookkeeping happen in one transaction, so concurrent tabs
 * never see half of one. The database opens on first use, so a missing or blocked IndexedDB
 * fails an operation, never this call (the resilient outbox relies on that).
 */
export function indexedDbOutbox(name: string, limits: OutboxLimits, chunkSize: number): Outbox {
  const useStore = outboxStore(name)
  /** Runs `body` in a write transaction with the totals, and resolves once it committed. */
  const change = <R>(body: (store: IDBObjectStore, totals: Totals) => Promise<R>) =>
    useStore('readwrite', async (store) => {
      const totals = (await get<Totals>(store, totalsKey)) ?? { count: 0, bytes: 0 }
      const result = await body(store, totals)
      store.put(totals, totalsKey)
      await promisifyRequest(store.transaction)
      return result
    })
  const over = (totals: Totals) => overLimits(totals.count, totals.bytes, limits)

  return {
    _shared: true,
    _add: (added) =>
      change(async (store, totals) => {
        for (let i = 0; i < added.length; i += chunkSize) {
          const chunk = added.slice(i, i + chunkSize)
          const key = chunkPrefix + (chunk[0] as OutboxRecord).key
          for (const record of chunk) (record.chunk = key), (totals.bytes += record.bytes)
          store.put(chunk, key)
        }
        totals.count += added.length
        // Drops the oldest records until the outbox is within its limits.
        const dropped: OutboxRecord[] = []
        if (over(totals))
          await eachChunk(store, (cursor, chunk) => {
            let drop = 0
            while (chunk[drop] && over(totals)) totals.count--, (totals.bytes -= (chunk[drop++] as OutboxRecord).bytes)
            dropped.push(...chunk.splice(0, drop))
            if (chunk[0]) cursor.update(chunk)
            else cursor.delete()
            return over(totals)
          })
        return dropped
      }),
    _read: (limit) =>
      useStore('readonly', async (store) => {
        const records: OutboxRecord[] = []
        await eachChunk(store, (_, chunk) => records.push(...chunk) < limit)
        return records.slice(0, limit)
      }),
    _remove: (removed) =>
      change(async (store, totals) => {
        const gone = new Set(removed.map((record) => record.key))
        for (const key of new Set(removed.map((record) => record.chunk))) {
          if (!key) continue
          const kept: OutboxRecord[] = []
          for (const record of (await get<OutboxRecord[]>(store, key)) ?? []) {
            if (!gone.has(record.key)) kept.push(record)
            else totals.count--, (totals.bytes -= record.bytes)
          }
          if (kept[0]) store.put(kept, key)
          else store.delete(key)
        }
      }),
    _claimLease: (owner, now, ttlMs) =>
      change(async (store) => {
        const lease = await get<Lease>(store, leaseKey)
        const free = !lease || lease.expires <= now || lease.owner === owner
        if (free) store.put({ owner, expires: now + ttlMs } satisfies Lease, leaseKey)
        return free
      }),
  }
}
