/** A synchronous string store. `set(key, null)` removes the key. */
export interface KeyValueStore {
  get(key: string): string | null
  set(key: string, value: string | null): void
}

export function memoryStore(): KeyValueStore {
  // a removed key is kept as null, which get() returns as it would for a key never set
  const values = new Map<string, string | null>()
  return {
    get: (key) => values.get(key) ?? null,
    set: (key, value) => values.set(key, value),
  }
}

export function localStore(): KeyValueStore {
  // throws where there is none, or where the browser blocks it; the caller then does without
  const storage = localStorage
  const probe = '__relata_probe__'
  storage.setItem(probe, probe)
  storage.removeItem(probe)
  return {
    get: (key) => storage.getItem(key),
    set: (key, value) => (value === null ? storage.removeItem(key) : storage.setItem(key, value)),
  }
}

/**
 * Reads from the first store that has a value and writes to all of them. A store that
 * throws (blocked cookies, full or disabled localStorage) is dropped for the rest of the page.
 */
export function fallbackStore(candidates: Array<() => KeyValueStore>): KeyValueStore {
  // in order of preference, memory last: a Map never throws, so memory is never dropped
  let stores: KeyValueStore[] = []
  for (const create of candidates) {
    try {
      stores.push(create())
    } catch {
      // unavailable here: the next candidate takes its place
    }
  }
  stores.push(memoryStore())
  const guarded = (use: (store: KeyValueStore) => void) => {
    stores = stores.filter((store) => {
      try {
        use(store)
        return true
      } catch {
        return false
      }
    })
  }
  return {
    get(key) {
      let found: string | null = null
      guarded((store) => {
        found ??= store.get(key)
      })
      return found
    },
    set(key, value) {
      guarded((store) => store.set(key, value))
    },
  }
}
