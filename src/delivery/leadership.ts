import type { Outbox } from './outbox'
import { requestTimeoutMs } from './transport'

/** Decides which tab sends: at most one at a time across all tabs of a site. */
export interface Leadership {
  /** Starts competing; `onLead` runs when this tab becomes the sender (and, for a lease, on each renewal). */
  start(onLead: () => void): void
  /** Whether this tab may send now (renewing its lease where it holds one). */
  _confirm(): Promise<boolean>
  /** The last known answer, for the moments that cannot wait (the page hiding). */
  _leads(): boolean
  /** Gives the leadership up for good. */
  stop(): void
}

/**
 * Web Locks: the tab holding the lock sends until it closes or crashes, when the browser
 * hands the lock to the next tab waiting. Where Web Locks are missing or the lock request
 * fails (a sandboxed frame, say), `fallback` decides instead.
 */
export function webLockLeadership(name: string, fallback: () => Leadership): Leadership {
  const abort = new AbortController()
  const { signal } = abort
  let leading = false
  const self: Leadership = {
    start(onLead) {
      // Async, so that a browser without Web Locks rejects too, and gets the fallback.
      const request = async () =>
        navigator.locks.request(name, { signal }, () => {
          // A stop() between the grant and this call no longer aborts the request: let go at once.
          if (signal.aborted) return
          leading = true
          onLead()
          // Held until stop() aborts.
          return new Promise((resolve) => (signal.onabort = resolve))
        })
      // The fallback takes this object's place, for the sender that holds it.
      request().catch(() => signal.aborted || Object.assign(self, fallback()).start(onLead))
    },
    _confirm: async () => leading,
    _leads: () => leading,
    stop() {
      leading = false
      abort.abort()
    },
  }
  return self
}

/**
 * How long a lease lasts: longer than a request may take, as a hidden tab's renewals may be
 * a minute apart, so a batch still out cannot be sent by a second tab too.
 */
export const leaseMs = requestTimeoutMs + 10_000

/**
 * Where Web Locks are missing: a lease with an expiry, kept in the shared outbox and
 * renewed before each send, so a tab that died stops blocking the others after `ttlMs`.
 * Without Web Locks there may be no BroadcastChannel either, so each renewal also gives
 * the holder a chance to send what other tabs wrote.
 */
export function leaseLeadership(outbox: Outbox, owner: string, ttlMs: number): Leadership {
  let timer: ReturnType<typeof setInterval> | undefined
  let leading = false
  let stopped = false
  const claim = async () => (leading = !stopped && (await outbox._claimLease(owner, Date.now(), ttlMs)) && !stopped)
  return {
    start(onLead) {
      const compete = () => claim().then((holds) => holds && onLead())
      void compete()
      timer = setInterval(compete, ttlMs / 3)
    },
    _confirm: claim,
    _leads: () => leading,
    stop() {
      stopped = true
      clearInterval(timer)
      // A lease renewed for zero milliseconds is free for the next tab at once. Written even
      // when not leading: a claim still in flight would take the lease after this stop, and
      // transactions land in order. Held by another tab, the lease is left as it is.
      void outbox._claimLease(owner, Date.now(), 0)
      leading = false
    },
  }
}
