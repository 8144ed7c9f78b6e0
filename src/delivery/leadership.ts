import type { Outbox } from './outbox'

/** Decides which tab sends: at most one at a time across all tabs of a site. */
export interface Leadership {
  /** Starts competing; `onLead` runs each time this tab becomes the sender. */
  start(onLead: () => void): void
  /** Whether this tab may send now (renewing its lease where it holds one). */
  confirm(): Promise<boolean>
  /** The last known answer, for the moments that cannot wait (the page hiding). */
  readonly leading: boolean
  stop(): void
}

/**
 * Web Locks: the tab holding the lock sends until it closes or crashes, when the browser
 * hands the lock to the next tab waiting.
 */
export function webLockLeadership(name: string): Leadership {
  const abort = new AbortController()
  let leading = false
  let release = () => {}
  return {
    start(onLead) {
      navigator.locks
        .request(name, { signal: abort.signal }, () => {
          leading = true
          onLead()
          return new Promise<void>((resolve) => (release = resolve))
        })
        .catch(() => {})
    },
    confirm: async () => leading,
    get leading() {
      return leading
    },
    stop() {
      leading = false
      abort.abort()
      release()
    },
  }
}

/**
 * Where Web Locks are missing: a lease with an expiry, kept in the shared outbox and
 * renewed before each send, so a tab that died stops blocking the others after `ttlMs`.
 */
export function leaseLeadership(outbox: Outbox, owner: string, ttlMs: number): Leadership {
  let timer: ReturnType<typeof setInterval> | undefined
  let leading = false
  const claim = async () => {
    const was = leading
    leading = await outbox.claimLease(owner, Date.now(), ttlMs)
    return leading && !was
  }
  return {
    start(onLead) {
      const compete = () => void claim().then((gained) => gained && onLead())
      compete()
      timer = setInterval(compete, ttlMs / 3)
    },
    confirm: async () => (await claim(), leading),
    get leading() {
      return leading
    },
    stop() {
      clearInterval(timer)
      // A lease renewed for zero milliseconds is free for the next tab at once.
      if (leading) void outbox.claimLease(owner, Date.now(), 0)
      leading = false
    },
  }
}
