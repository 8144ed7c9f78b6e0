// The track calls Journeys treats as commands rather than events: deleting relationships,
// objects and people, suppression, and devices.
import { deleteObject, deletePerson, findPerson, unrelate } from './journeys.mjs'
import { effect, label, personById, personByIdOrEmail, record, short, text, typeOf, without } from './step.mjs'

/** @typedef {import('./step.mjs').Step} Step */

/** @param {Step} step */
export function relationshipDeleted(step) {
  const properties = record(step.event.properties)
  const person = personByIdOrEmail(step)
  const objectTypeId = typeOf(properties.objectTypeId)
  const objectId = String(properties.objectId)
  if (!person) return
  if (unrelate(step.state, person, objectTypeId, objectId)) effect(step, `removed relationship ${label(person)} → ${objectTypeId}:${objectId}`)
  else effect(step, `nothing to delete: ${label(person)} is not related to ${objectTypeId}:${objectId}`)
}

/** @param {Step} step */
export function objectDeleted(step) {
  const properties = record(step.event.properties)
  const objectTypeId = typeOf(properties.objectTypeId)
  const objectId = String(properties.objectId)
  const { existed, relationships } = deleteObject(step.state, objectTypeId, objectId)
  if (existed) effect(step, `deleted object ${objectTypeId}:${objectId} and its ${relationships} relationship(s)`)
  else effect(step, `nothing to delete: no object ${objectTypeId}:${objectId}`)
}

/** @param {Step} step */
export function userDeleted(step) {
  const person = personByIdOrEmail(step)
  if (!person) return
  deletePerson(step.state, person)
  effect(step, `deleted person ${label(person)} with their relationships and devices`)
}

/** @param {Step} step @param {boolean} suppressed */
export function suppress(step, suppressed) {
  const { state, event } = step
  const userId = text(event.userId)
  const email = userId ? undefined : text(record(event.properties).email)
  const identifier = userId ? `id:${userId}` : email ? `email:${email}` : undefined
  if (!identifier) return effect(step, 'ignored: needs userId or properties.email')
  const shown = userId ? `userId ${userId}` : `email ${email}`
  if (!suppressed) {
    state.suppressed.delete(identifier)
    return effect(step, `unsuppressed ${shown}; it can be used again`)
  }
  state.suppressed.add(identifier)
  const person = userId ? findPerson(state, 'id', userId) : findPerson(state, 'email', email)
  if (person) deletePerson(state, person)
  effect(step, `suppressed ${shown}${person ? ` and deleted ${person.cioId}` : ''}`)
}

/** @param {Step} step */
export function deviceUpdated(step) {
  const { state, event, now } = step
  const device = record(record(event.context).device)
  const properties = record(event.properties)
  const token = text(device.token) ?? text(properties.device_id)
  if (!token) return effect(step, `no device change: "${event.event}" carries no context.device.token or properties.device_id`)
  const userId = text(event.userId)
  if (!userId) return effect(step, 'no device change: Journeys needs a userId to own a device')
  const person = personById(step, userId)
  if (!person) return
  const existing = state.devices.get(token)
  const platform = text(device.type) ?? text(properties.device_type) ?? existing?.platform
  const attributes = { ...existing?.attributes, ...without(properties, ['device_id', 'device_type']) }
  state.devices.set(token, {
    token, cioId: person.cioId, attributes, createdAt: existing?.createdAt ?? now, lastUsed: now,
    ...(platform === undefined ? {} : { platform }),
  })
  effect(step, `${existing ? 'updated' : 'added'} device ${short(token)} for ${label(person)}`)
}

/** @param {Step} step */
export function deviceDeleted(step) {
  const token = text(record(record(step.event.context).device).token) ?? text(record(step.event.properties).device_id)
  if (!token) return effect(step, `no device change: "${step.event.event}" carries no context.device.token or properties.device_id`)
  if (step.state.devices.delete(token)) effect(step, `deleted device ${short(token)}`)
  else effect(step, `nothing to delete: no device ${short(token)}`)
}
