import type { Logger } from '../log'
import type { Outbox } from './outbox'

/**
 * Uses `primary` until it fails once (IndexedDB missing, blocked in a private mode, out of
 * quota), then `fallback` for the rest of the page, so storage trouble never loses an
 * accepted event or reaches the page.
 */
export function resilientOutbox(primary: () => Outbox, fallback: Outbox, log: Logger): Outbox {
  let current: Outbox
  try {
    current = primary()
  } catch (error) {
    current = fallback
    log.debug('IndexedDB unavailable; events are kept in memory only', error)
  }
  const guard = <A extends unknown[], R>(use: (outbox: Outbox, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (current === fallback) return use(fallback, ...args)
      try {
        return await use(current, ...args)
      } catch (error) {
        current = fallback
        log.debug('IndexedDB failed; events are kept in memory from now on', error)
        return use(fallback, ...args)
      }
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
