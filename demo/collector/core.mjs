// The collector without its HTTP server: takes a request, applies any injected fault,
// checks it, answers, and records the outcome in memory, in the store and in the log.
// Unit tests drive this directly; collector.mjs puts it behind a socket.
import { createFaults } from './faults.mjs'
import { checkRequest } from './ingest.mjs'
import { openStateLog } from './state-log.mjs'
import { createStore } from './store.mjs'

/**
 * @typedef {{ path: string, at: number, status: number, body: any, injected?: boolean }} Received
 *   one ingestion request; `status` is what was answered, 0 for a dropped connection
 * @typedef {{ path: string, headers?: Record<string, string | string[] | undefined>, raw: Buffer | string }} IncomingCall
 * @typedef {{ status: number, body?: unknown, headers?: Record<string, string>, drop?: boolean }} Reply
 */

/** @param {{ dataDir?: string }} [options] without `dataDir`, nothing is written to disk */
export function createCollectorCore(options = {}) {
  /** @type {Received[]} */
  const requests = []
  const faults = createFaults()
  const store = createStore()
  const log = options.dataDir ? openStateLog(options.dataDir) : undefined
  for (const outcome of log?.read() ?? []) store.record(outcome)

  /** @param {Received} received @param {import('./store.mjs').Outcome} outcome */
  function remember(received, outcome) {
    requests.push(received)
    log?.append(outcome)
    store.record(outcome)
  }

  /**
   * @param {IncomingCall} call
   * @returns {Promise<Reply>}
   */
  async function receive({ path, headers = {}, raw }) {
    const body = typeof raw === 'string' ? Buffer.from(raw) : raw
    const fault = faults.take()
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    const at = Date.now()
    const verdict = checkRequest({ path, headers, raw: body }, faults.refuses)
    if (fault && (fault.drop || fault.status || fault.retryAfter)) {
      const status = fault.drop ? 0 : fault.status ?? 429
      const message = fault.drop ? 'connection dropped by an injected fault' : `answered ${status} by an injected fault`
      const errors = [{ reason: 'injected', message }]
      remember({ path, at, status, body: verdict.body, injected: true }, { at, path, status, events: verdict.events, errors })
      if (fault.drop) return { status: 0, drop: true }
      return { status, body: { errors }, headers: fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter } }
    }
    remember({ path, at, status: verdict.status, body: verdict.body }, { at, path, status: verdict.status, events: verdict.events, errors: verdict.errors })
    return verdict.errors.length > 0 ? { status: verdict.status, body: { errors: verdict.errors } } : { status: verdict.status, body: {} }
  }

  return {
    requests,
    receive,
    store,
    /** Every call from requests answered 2xx, in arrival order, duplicates included. */
    events() {
      return requests.filter((request) => request.status >= 200 && request.status < 300 && !request.injected).flatMap(eventsOf)
    },
    /** @param {import('./faults.mjs').Fault} fault @param {number} [count] */
    inject(fault, count = 1) {
      faults.inject(fault, count)
    },
    faults,
    /** Forgets requests, state, faults and the log on disk. */
    reset() {
      requests.length = 0
      faults.clear()
      log?.clear()
      store.clear()
    },
  }
}

/** @param {Received} request @returns {any[]} */
function eventsOf(request) {
  if (request.path === '/v1/b' || request.path === '/v1/batch') return request.body?.batch ?? []
  const { writeKey, ...event } = request.body ?? {}
  return [{ ...event, type: event.type ?? request.path.slice('/v1/'.length) }]
}
