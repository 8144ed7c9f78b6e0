import type { Logger } from '../log'
import type { Outbox } from './outbox'

type AnyOperation = (...args: never[]) => Promise<unknown>

/**
 * Uses `primary` while it works. When it fails (IndexedDB missing, blocked in a private
 * mode, out of quota, or its connection lost while the tab was in the background), one
 * fresh `primary` gets a second chance; after that `fallback` serves the rest of the page,
 * so storage trouble never loses an accepted event or reaches the page.
 */
export function resilientOutbox(primary: () => Outbox, fallback: Outbox, log: Logger): Outbox {
  let current = fallback
  /** A failed connection gets one fresh one before memory takes over. */
  let reopenings = 1
  const open = () => {
    try {
      current = primary()
    } catch (error) {
      log.debug('IndexedDB unavailable; events are kept in memory only', error)
    }
  }
  open()
  const guard =
    <F extends AnyOperation>(operation: (outbox: Outbox) => F) =>
    (async (...args: Parameters<F>) => {
      const run = (outbox: Outbox) => operation(outbox)(...args)
      while (current !== fallback) {
        const used = current
        try {
          return await run(used)
        } catch (error) {
          log.debug('IndexedDB failed', error)
          // Another operation may have reopened it already: then try again on the fresh connection.
          if (current !== used) continue
          // Memory serves unless a fresh connection opens.
          current = fallback
          if (reopenings--) open()
          else log.debug('IndexedDB failed twice; events are kept in memory only')
        }
      }
      return run(fallback)
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
