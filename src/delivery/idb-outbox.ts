import { createStore, promisifyRequest } from 'idb-keyval'
import type { Outbox, OutboxLimits, OutboxRecord } from './outbox'

/** Key layout, versioned so a later format can live beside this one. */
const recordPrefix = 'v1:r:'
const totalsKey = 'v1:m:totals'
const leaseKey = 'v1:m:lease'
const recordRange = () => IDBKeyRange.bound(recordPrefix, `${recordPrefix}\uffff`)

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
export function indexedDbOutbox(writeKey: string, limits: OutboxLimits): Outbox {
  const useStore = createStore(`relata:${writeKey}`, 'outbox')
  const committed = (store: IDBObjectStore) => promisifyRequest(store.transaction)

  return {
    shared: true,
    add: (added) =>
      useStore('readwrite', async (store) => {
        const totals = await readTotals(store)
        for (const record of added) {
          store.put(record, recordPrefix + record.key)
          totals.count++
          totals.bytes += record.bytes
        }
        const dropped = await dropOldest(store, totals, limits)
        store.put(totals, totalsKey)
        await committed(store)
        return dropped
      }),
    read: (limit) => useStore('readonly', (store) => promisifyRequest(store.getAll(recordRange(), limit) as IDBRequest<OutboxRecord[]>)),
    remove: (removed) =>
      useStore('readwrite', async (store) => {
        const totals = await readTotals(store)
        for (const record of removed) {
          store.delete(recordPrefix + record.key)
          totals.count = Math.max(0, totals.count - 1)
          totals.bytes = Math.max(0, totals.bytes - record.bytes)
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

/** Deletes the oldest records until the outbox is within its limits; keeps at least one. */
function dropOldest(store: IDBObjectStore, totals: Totals, limits: OutboxLimits): Promise<OutboxRecord[]> {
  const dropped: OutboxRecord[] = []
  const over = () => totals.count > 1 && (totals.count > limits.maxEvents || totals.bytes > limits.maxBytes)
  if (!over()) return Promise.resolve(dropped)
  return new Promise((resolve, reject) => {
    const cursorRequest = store.openCursor(recordRange())
    cursorRequest.onerror = () => reject(cursorRequest.error)
    cursorRequest.onsuccess = () => {
      const cursor = cursorRequest.result
      if (!cursor || !over()) return resolve(dropped)
      const record = cursor.value as OutboxRecord
      cursor.delete()
      dropped.push(record)
      totals.count--
      totals.bytes -= record.bytes
      cursor.continue()
    }
  })
}
