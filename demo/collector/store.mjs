// What the debugger and /api/state show: every event that arrived (accepted, duplicate or
// rejected, with reasons and effects), the errors among them, and the Journeys state the
// accepted ones built. It is rebuilt from the same outcomes when the log is replayed.
import { createJourneys, journeysSnapshot } from './journeys.mjs'
import { applyEvent } from './rules.mjs'

/**
 * @typedef {{ messageId?: string, field?: string, reason: string, message: string }} Problem
 * @typedef {{ at: number, path: string, status: number, events: unknown[], errors: Problem[] }} Outcome
 *   one ingestion request as the collector answered it; `events` are the calls it carried
 * @typedef {'accepted' | 'duplicate' | 'rejected'} EventStatus
 * @typedef {{
 *   seq: number, at: number, path: string, httpStatus: number, status: EventStatus,
 *   messageId: string | null, type: string | null, name: string | null, userId: string | null, anonymousId: string | null,
 *   reasons: string[], effects: string[], errors: string[], payload: unknown
 * }} StreamEntry
 * @typedef {{ at: number, seq: number, messageId: string | null, source: 'pipeline' | 'destination', message: string }} ErrorEntry
 */

export function createStore() {
  let journeys = createJourneys()
  /** @type {StreamEntry[]} */
  let stream = []
  /** @type {ErrorEntry[]} */
  let errors = []
  /** @type {Set<string>} */
  let seen = new Set()
  let version = 0
  /** @type {Set<() => void>} */
  const listeners = new Set()

  /** @param {Outcome} outcome */
  function record(outcome) {
    const accepted = outcome.status >= 200 && outcome.status < 300
    const events = outcome.events.length > 0 ? outcome.events : [null]
    for (const event of events) {
      const entry = newEntry(outcome, event, stream.length + 1)
      stream.push(entry)
      if (!accepted) {
        entry.reasons = reasonsFor(outcome, entry.messageId)
        for (const problem of ownProblems(outcome, entry.messageId)) {
          errors.push({ at: outcome.at, seq: entry.seq, messageId: entry.messageId, source: 'pipeline', message: problem.message })
        }
      } else if (entry.messageId !== null && seen.has(entry.messageId)) {
        entry.status = 'duplicate'
        entry.effects = ['dropped: this messageId was already received']
      } else {
        if (entry.messageId !== null) seen.add(entry.messageId)
        const result = applyEvent(journeys, /** @type {Record<string, any>} */ (event), entry.seq, outcome.at)
        entry.effects = result.effects
        entry.errors = result.errors
        for (const message of result.errors) errors.push({ at: outcome.at, seq: entry.seq, messageId: entry.messageId, source: 'destination', message })
      }
    }
    const first = stream.length - events.length + 1
    for (const problem of outcome.errors.filter((problem) => !problem.messageId)) {
      errors.push({ at: outcome.at, seq: first, messageId: null, source: 'pipeline', message: problem.message })
    }
    changed()
  }

  function snapshot() {
    const state = journeysSnapshot(journeys)
    /** @type {Map<number, string>} */
    const owners = new Map()
    for (const person of state.people) for (const seq of person.timeline) owners.set(seq, person.cioId)
    return {
      version,
      ...state,
      events: stream.map((entry) => ({ ...entry, personId: owners.get(entry.seq) ?? null })),
      errors,
    }
  }

  function clear() {
    journeys = createJourneys()
    stream = []
    errors = []
    seen = new Set()
    changed()
  }

  function changed() {
    version++
    for (const listener of listeners) listener()
  }

  return {
    record,
    snapshot,
    clear,
    get version() {
      return version
    },
    /** @param {() => void} listener @returns {() => void} unsubscribe */
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** @param {Outcome} outcome @param {unknown} event @param {number} seq @returns {StreamEntry} */
function newEntry(outcome, event, seq) {
  const fields = /** @type {Record<string, unknown>} */ (typeof event === 'object' && event !== null ? event : {})
  return {
    seq,
    at: outcome.at,
    path: outcome.path,
    httpStatus: outcome.status,
    status: outcome.status >= 200 && outcome.status < 300 ? 'accepted' : 'rejected',
    messageId: stringOrNull(fields.messageId),
    type: stringOrNull(fields.type),
    name: stringOrNull(fields.event) ?? stringOrNull(fields.name) ?? stringOrNull(fields.groupId) ?? aliasName(fields),
    userId: stringOrNull(fields.userId),
    anonymousId: stringOrNull(fields.anonymousId),
    reasons: [],
    effects: [],
    errors: [],
    payload: event,
  }
}

/** @param {Outcome} outcome @param {string | null} messageId */
function ownProblems(outcome, messageId) {
  return messageId === null ? [] : outcome.errors.filter((problem) => problem.messageId === messageId)
}

/** Why an event was not recorded: its own problems, the request's, or a neighbour's. @param {Outcome} outcome @param {string | null} messageId */
function reasonsFor(outcome, messageId) {
  const own = ownProblems(outcome, messageId)
  if (own.length > 0) return own.map((problem) => problem.message)
  const general = outcome.errors.filter((problem) => !problem.messageId)
  if (general.length > 0) return general.map((problem) => problem.message)
  return [`not recorded: another event in the same request was rejected (HTTP ${outcome.status})`]
}

/** @param {Record<string, unknown>} fields */
const aliasName = (fields) => (typeof fields.previousId === 'string' ? `${fields.previousId} → ${stringOrNull(fields.userId) ?? '?'}` : null)
/** @param {unknown} value */
const stringOrNull = (value) => (typeof value === 'string' ? value : null)
