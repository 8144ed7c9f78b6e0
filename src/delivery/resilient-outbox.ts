import type { Logger } from '../log'
import type { Outbox } from './outbox'

type AnyOperation = (...args: never[]) => Promise<unknown>

/**
 * Uses `primary` while it works. When it fails (IndexedDB missing, blocked in a private
 * mode, out of quota, or its connection lost while the tab was in the background), one
 * fresh `primary` gets a second chance; after that `fallback` serves the rest of the page,
 * so storage trouble never loses an accepted event or reaches the page. `primary()` must not
 * throw: the IndexedDB outbox opens its database on first use, so even a missing IndexedDB
 * shows as a failed operation, caught here.
 */
export function resilientOutbox(primary: () => Outbox, fallback: Outbox, log: Logger): Outbox {
  let current = primary()
  /**
   * A failed connection gets one fresh one before memory takes over; one that worked again
   * earns the next failure a fresh one too, as a browser may close a background tab's
   * connection more than once in its life.
   */
  let reopenings = 1
  const guard =
    <F extends AnyOperation>(operation: (outbox: Outbox) => F) =>
    (async (...args: Parameters<F>) => {
      for (;;) {
        const used = current
        try {
          const result = await operation(used)(...args)
          // Also after memory served it: from then on the count is never read.
          reopenings = 1
          return result
        } catch (error) {
          // Memory has nothing to fall back to: its failure (a bug, not storage trouble) goes to the caller.
          if (used === fallback) throw error
          log.debug('IndexedDB failed', error)
          // Another operation may have reopened it already: then try again on the fresh connection.
          if (current === used) {
            if (reopenings--) current = primary()
            else {
              current = fallback
              log.debug('IndexedDB failed twice; events are kept in memory only')
            }
          }
        }
      }
    }) as F
  return {
    get _shared() {
      return current._shared
    },
    _add: guard((outbox) => outbox._add),
    _read: guard((outbox) => outbox._read),
    _remove: guard((outbox) => outbox._remove),
    _claimLease: guard((outbox) => outbox._claimLease),
  }
}
