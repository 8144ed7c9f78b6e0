import type { Logger } from '../log'
import type { Outbox } from './outbox'

/**
 * Uses `primary` while it works. When it fails (IndexedDB missing, blocked in a private
 * mode, out of quota, or its connection lost while the tab was in the background), one
 * fresh `primary` gets a second chance; after that `fallback` serves the rest of the page,
 * so storage trouble never loses an accepted event or reaches the page.
 */
export function resilientOutbox(primary: () => Outbox, fallback: Outbox, log: Logger): Outbox {
  let current: Outbox = fallback
  let secondChance = true
  const open = (why: string) => {
    try {
      current = primary()
    } catch (error) {
      current = fallback
      log.debug(`IndexedDB unavailable (${why}); events are kept in memory only`, error)
    }
  }
  open('at load')
  const guard =
    <A extends unknown[], R>(use: (outbox: Outbox, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      while (current !== fallback) {
        const used = current
        try {
          return await use(used, ...args)
        } catch (error) {
          log.debug('IndexedDB failed', error)
          // Another operation already reopened it: try again on the fresh connection.
          if (current !== used) continue
          if (secondChance) {
            secondChance = false
            open('on reopening')
          } else {
            current = fallback
            log.debug('IndexedDB failed again; events are kept in memory from now on')
          }
        }
      }
      return use(fallback, ...args)
    }
  return {
    get shared() {
      return current.shared
    },
    add: guard((outbox, records) => outbox.add(records)),
    read: guard((outbox, limit: number) => outbox.read(limit)),
    remove: guard((outbox, records) => outbox.remove(records)),
    claimLease: guard((outbox, owner: string, now: number, ttlMs: number) => outbox.claimLease(owner, now, ttlMs)),
  }
}
