import { createStore } from 'idb-keyval'

/** Runs `callback` on the outbox's object store, in a transaction of `mode`. */
export type UseStore = ReturnType<typeof createStore>

/**
 * How long the database may take to open. Safari 14's first `indexedDB.open()` of a page can
 * hang for good (WebKit bug 226547), and every write would wait behind it.
 */
export const openTimeoutMs = 5_000

/**
 * The outbox's object store in the database `name`, whose opening counts as failed past
 * `openTimeoutMs`: the resilient outbox then opens a fresh connection. An open that ends after
 * it was given up runs nothing, so no operation lands twice.
 */
export function outboxStore(name: string): UseStore {
  const useStore = createStore(name, 'outbox')
  const connection: { _opened?: boolean; _abandoned?: boolean; _tooLate?: Promise<never> } = {}
  return (mode, callback) => {
    const run = useStore(mode, (store) => {
      if (connection._abandoned) throw Error('IndexedDB opened after it was given up')
      connection._opened = true
      return callback(store)
    })
    if (connection._opened) return run
    // One timer for the connection, started by its first operation.
    connection._tooLate ??= new Promise<never>((_, reject) =>
      setTimeout(() => {
        if (connection._opened) return
        connection._abandoned = true
        reject(Error(`IndexedDB did not open within ${openTimeoutMs} ms`))
      }, openTimeoutMs),
    )
    return Promise.race([run, connection._tooLate])
  }
}
