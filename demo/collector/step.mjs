// What every Journeys rule works with: the step being applied, how it reports effects and
// errors, and small readers for the loosely typed fields of an event.
import { createPerson, findPerson, suppressedIdentifier } from './journeys.mjs'

/**
 * @typedef {import('./journeys.mjs').Journeys} Journeys
 * @typedef {import('./journeys.mjs').Person} Person
 * @typedef {Record<string, any>} Json
 * @typedef {{ effects: string[], errors: string[] }} Outcome
 * @typedef {{ state: Journeys, event: Json, seq: number, now: number, outcome: Outcome }} Step
 */

/** The person a call names by userId, created when missing, as Journeys does for tracked events. @param {Step} step @param {string} userId */
export function personById(step, userId) {
  const existing = findPerson(step.state, 'id', userId)
  if (existing) return existing
  const blocked = suppressedIdentifier(step.state, { id: userId })
  if (blocked) {
    fail(step, [`${blocked} is suppressed; send "User Unsuppressed" before using it again`])
    return undefined
  }
  const person = createPerson(step.state, { id: userId }, step.now)
  effect(step, `created person ${userId}`)
  return person
}

/** Semantic events name a person by userId, else by properties.email; they never create one. @param {Step} step */
export function personByIdOrEmail(step) {
  const userId = text(step.event.userId)
  const email = text(record(step.event.properties).email)
  const person = userId ? findPerson(step.state, 'id', userId) : findPerson(step.state, 'email', email)
  if (!person) effect(step, `nothing to do: no person with ${userId ? `userId ${userId}` : `email ${email}`}`)
  return person
}

/** @param {Step} step @param {string} message */
export function effect(step, message) {
  step.outcome.effects.push(message)
}

/** @param {Step} step @param {string[]} problems @returns {boolean} whether there were any */
export function fail(step, problems) {
  step.outcome.errors.push(...problems)
  return problems.length > 0
}

/** @param {string | undefined} id @param {string | undefined} email */
export function ids(id, email) {
  return { ...(id === undefined ? {} : { id }), ...(email === undefined ? {} : { email }) }
}

/** @param {Person} person */
export const label = (person) => person.id ?? person.email ?? person.cioId
/** Object types are stringified integers; `1` when the call gives none. @param {unknown} value */
export const typeOf = (value) => (value === undefined || value === null || value === '' ? '1' : String(value))
/** @param {unknown} value @returns {Json} */
export const record = (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {})
/** @param {unknown} value */
export const text = (value) => (typeof value === 'string' && value !== '' ? value : undefined)
/** @param {string} token */
export const short = (token) => (token.length > 24 ? `${token.slice(0, 21)}…` : token)
/** @param {Json} source @param {string[]} names */
export const without = (source, names) => Object.fromEntries(Object.entries(source).filter(([name]) => !names.includes(name)))
/** @param {unknown} timestamp */
export function unixSeconds(timestamp) {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN
  return isNaN(ms) ? undefined : Math.floor(ms / 1000)
}
