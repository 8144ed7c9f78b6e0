import type { RelataError } from './errors'
import type { CallOptions, JsonObject } from './types'

export interface DeliveredInfo {
  count: number
  messageIds: string[]
}

export interface ErrorInfo {
  error: RelataError
  /**
   * A short machine-readable reason: `'validation'`, `'network'`, `'http-500'`, `'http-400'`,
   * `'http-401'`, `'outbox-full'`, `'expired'`, …
   */
  reason: string
  /** How many events are concerned. */
  count: number
  /** The events concerned (empty for a call refused before it became an event). */
  messageIds: string[]
}

/**
 * What each listener is called with. `delivered` and `error` report delivery; the call names
 * fire once the call's event is accepted, with analytics.js's arguments.
 */
export interface ClientEvents {
  delivered: [info: DeliveredInfo]
  error: [info: ErrorInfo]
  track: [event: string, properties: JsonObject, options: CallOptions]
  page: [category: string | null, name: string | null, properties: JsonObject, options: CallOptions]
  screen: [category: string | null, name: string | null, properties: JsonObject, options: CallOptions]
  identify: [userId: string | null, traits: JsonObject, options: CallOptions]
  group: [groupId: string, traits: JsonObject, options: CallOptions]
  alias: [userId: string, previousId: string, options: CallOptions]
  reset: []
}

export type Listener<K extends keyof ClientEvents> = (...args: ClientEvents[K]) => void

export class Emitter {
  private readonly _listeners = new Map<keyof ClientEvents, Set<Listener<never>>>()

  /** Whether anyone listens to `name`: callers skip building the arguments otherwise. */
  _heard(name: keyof ClientEvents): boolean {
    return !!this._listeners.get(name)?.size
  }

  on<K extends keyof ClientEvents>(name: K, listener: Listener<K>): void {
    this._listeners.set(name, (this._listeners.get(name) ?? new Set()).add(listener as Listener<never>))
  }

  off<K extends keyof ClientEvents>(name: K, listener: Listener<K>): void {
    this._listeners.get(name)?.delete(listener as Listener<never>)
  }

  _emit<K extends keyof ClientEvents>(name: K, ...args: ClientEvents[K]): void {
    for (const listener of (this._listeners.get(name) ?? []) as Set<Listener<K>>) callSafely(listener, ...args)
  }
}

/**
 * Calls the page's own function: a bug in it is rethrown on its own task, where the page's
 * error handling sees it, and never stops relata's work.
 */
export function callSafely<A extends unknown[]>(fn: ((...args: A) => void) | undefined, ...args: A): void {
  if (!fn) return
  try {
    fn(...args)
  } catch (error) {
    setTimeout(() => {
      throw error
    })
  }
}
