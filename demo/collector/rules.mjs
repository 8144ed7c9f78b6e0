// How the Customer.io Journeys destination maps each accepted call onto people, objects,
// relationships and devices. Each rule reports what it did as `effects` and what Journeys
// would refuse as `errors`; both are shown in the debugger next to the event.
import {
  adoptAnonymous, createPerson, deleteObject, deletePerson, findPerson, mergeAttributes, mergePeople,
  objectKey, relate, suppressedIdentifier, unrelate, upsertObject,
} from './journeys.mjs'
import { objectProblems, personProblems } from './reserved.mjs'

/**
 * @typedef {import('./journeys.mjs').Journeys} Journeys
 * @typedef {import('./journeys.mjs').Person} Person
 * @typedef {Record<string, any>} Json
 * @typedef {{ effects: string[], errors: string[] }} Outcome
 * @typedef {{ state: Journeys, event: Json, seq: number, now: number, outcome: Outcome }} Step
 */

const deviceUpdates = new Set(['Device Created or Updated', 'Application Installed', 'Application Opened'])
const deviceDeletions = new Set(['Device Deleted', 'Application Uninstalled'])
const deliveryReports = new Set(['Report Delivery Event', 'Report Content Event'])
const relationKeys = ['objectId', 'objectTypeId', 'object_type_id', 'relationshipAttributes']

/**
 * @param {Journeys} state
 * @param {Json} event an event the pipeline accepted
 * @param {number} seq its place in the event stream, which timelines refer to
 * @param {number} receivedAt epoch ms, used when the event has no timestamp
 * @returns {Outcome}
 */
export function applyEvent(state, event, seq, receivedAt) {
  /** @type {Step} */
  const step = { state, event, seq, now: unixSeconds(event.timestamp) ?? Math.floor(receivedAt / 1000), outcome: { effects: [], errors: [] } }
  if (event.type === 'identify') identify(step)
  else if (event.type === 'group') group(step)
  else if (event.type === 'alias') alias(step)
  else if (event.type === 'track') track(step)
  else timeline(step)
  return step.outcome
}

/** @param {Step} step */
function identify(step) {
  const { state, event, now } = step
  const traits = record(event.traits)
  const userId = text(event.userId)
  const email = text(traits.email)
  if (!userId && !email) return effect(step, 'ignored: Journeys identifies people only by userId or traits.email')
  const relates = traits.objectId !== undefined
  const attributes = relates ? without(traits, relationKeys) : traits
  if (fail(step, personProblems(attributes))) return
  const blocked = suppressedIdentifier(state, ids(userId, email))
  if (blocked) return fail(step, [`${blocked} is suppressed; send "User Unsuppressed" before using it again`])

  const byId = findPerson(state, 'id', userId)
  const byEmail = findPerson(state, 'email', email)
  if (byId && byEmail && byId !== byEmail) {
    return fail(step, [`userId ${userId} and email ${email} belong to two people (${byId.cioId}, ${byEmail.cioId}); merge them with alias first`])
  }
  let person = byId ?? byEmail
  if (person && userId && person.id !== undefined && person.id !== userId) {
    return fail(step, [`email ${email} already belongs to userId ${person.id}`])
  }
  if (!person) {
    person = createPerson(state, ids(userId, email), now)
    effect(step, `created person ${label(person)}`)
  } else {
    if (userId && person.id === undefined) effect(step, `added userId ${userId} to ${person.cioId}`)
    if (email && person.email !== email) effect(step, `${person.email ? 'changed' : 'added'} email ${email} on ${person.cioId}`)
    Object.assign(person, ids(userId ?? person.id, email ?? person.email))
    effect(step, `updated person ${label(person)}`)
  }
  mergeAttributes(person.attributes, attributes)
  person.updatedAt = now
  const names = Object.keys(attributes)
  if (names.length > 0) effect(step, `set attributes: ${names.join(', ')}`)
  const anonymousId = text(event.anonymousId)
  if (anonymousId) {
    const moved = adoptAnonymous(state, person, anonymousId)
    if (moved > 0) effect(step, `moved ${moved} anonymous event(s) onto ${label(person)}'s timeline`)
  }
  if (relates) relateTo(step, person, typeOf(traits.objectTypeId ?? traits.object_type_id), String(traits.objectId), record(traits.relationshipAttributes), {})
  const context = record(event.context)
  const groupId = text(context.groupId)
  if (groupId) relateTo(step, person, typeOf(context.objectTypeId), groupId, record(context.relationshipTraits), {})
}

/** @param {Step} step */
function group(step) {
  const { state, event } = step
  const traits = record(event.traits)
  const objectTypeId = typeOf(traits.objectTypeId ?? traits.object_type_id ?? event.objectTypeId)
  const attributes = without(traits, relationKeys)
  const userId = text(event.userId)
  if (!userId) {
    relateTo(step, undefined, objectTypeId, String(event.groupId), {}, attributes)
    return effect(step, 'no relationship: Journeys relates an object only to a person with a userId')
  }
  if (!objectChangeAllowed(step, objectTypeId, String(event.groupId), attributes)) return
  const person = personById(step, userId)
  if (person) relateTo(step, person, objectTypeId, String(event.groupId), record(traits.relationshipAttributes), attributes)
}

/** @param {Step} step */
function alias(step) {
  const { state, event, now } = step
  const userId = String(event.userId)
  const previousId = String(event.previousId)
  if (userId === previousId) return effect(step, 'nothing to merge: userId and previousId are the same')
  const blocked = suppressedIdentifier(state, { id: userId })
  if (blocked) return fail(step, [`${blocked} is suppressed; send "User Unsuppressed" before using it again`])
  let survivor = findPerson(state, 'id', userId)
  const previous = findPerson(state, 'id', previousId) ?? [...state.people.values()].find((person) => person !== survivor && person.anonymousIds.includes(previousId))
  if (previous && survivor) {
    const inherited = Object.keys(previous.attributes).filter((name) => !(name in (survivor?.attributes ?? {})))
    const events = previous.timeline.length
    const { relationships } = mergePeople(state, survivor, previous, now)
    effect(step, `merged ${label(previous)} into ${label(survivor)}`)
    effect(step, `inherited attributes: ${inherited.join(', ') || 'none'}; moved ${events} event(s) and ${relationships} relationship(s)`)
  } else if (previous) {
    previous.id = userId
    previous.updatedAt = now
    effect(step, `renamed ${previousId} to ${userId} (${previous.cioId})`)
  }
  if (state.anonymous.has(previousId)) {
    survivor ??= findPerson(state, 'id', userId) ?? createPerson(state, { id: userId }, now)
    const moved = adoptAnonymous(state, survivor, previousId)
    effect(step, `moved ${moved} anonymous event(s) of ${previousId} onto ${label(survivor)}'s timeline`)
  } else if (!previous) {
    effect(step, `nothing to merge: no person or anonymous events under ${previousId}`)
  }
}

/** @param {Step} step */
function track(step) {
  const name = String(step.event.event)
  if (name === 'Relationship Deleted') relationshipDeleted(step)
  else if (name === 'Object Deleted') objectDeleted(step)
  else if (name === 'User Deleted') userDeleted(step)
  else if (name === 'User Suppressed') suppress(step, true)
  else if (name === 'User Unsuppressed') suppress(step, false)
  else if (deviceUpdates.has(name)) deviceUpdated(step)
  else if (deviceDeletions.has(name)) deviceDeleted(step)
  else if (deliveryReports.has(name)) effect(step, 'delivery metric reported; this stand-in does not keep message metrics')
  else timeline(step)
}

/** track, page and screen: an entry on the person's timeline, or the anonymous one's. @param {Step} step */
function timeline(step) {
  const { state, event, seq } = step
  const userId = text(event.userId)
  if (userId) {
    const person = personById(step, userId)
    if (!person) return
    person.timeline.push(seq)
    return effect(step, `added to ${label(person)}'s timeline`)
  }
  const anonymousId = text(event.anonymousId)
  if (!anonymousId) return effect(step, 'ignored: no userId or anonymousId')
  const known = [...state.people.values()].find((person) => person.anonymousIds.includes(anonymousId))
  if (known) {
    known.timeline.push(seq)
    return effect(step, `added to ${label(known)}'s timeline (known by anonymousId)`)
  }
  state.anonymous.set(anonymousId, [...(state.anonymous.get(anonymousId) ?? []), seq])
  effect(step, `kept for anonymous ${anonymousId} until they are identified`)
}

/** @param {Step} step */
function relationshipDeleted(step) {
  const properties = record(step.event.properties)
  const person = personByIdOrEmail(step)
  const objectTypeId = typeOf(properties.objectTypeId)
  const objectId = String(properties.objectId)
  if (!person) return
  if (unrelate(step.state, person, objectTypeId, objectId)) effect(step, `removed relationship ${label(person)} → ${objectTypeId}:${objectId}`)
  else effect(step, `nothing to delete: ${label(person)} is not related to ${objectTypeId}:${objectId}`)
}

/** @param {Step} step */
function objectDeleted(step) {
  const properties = record(step.event.properties)
  const objectTypeId = typeOf(properties.objectTypeId)
  const objectId = String(properties.objectId)
  const { existed, relationships } = deleteObject(step.state, objectTypeId, objectId)
  if (existed) effect(step, `deleted object ${objectTypeId}:${objectId} and its ${relationships} relationship(s)`)
  else effect(step, `nothing to delete: no object ${objectTypeId}:${objectId}`)
}

/** @param {Step} step */
function userDeleted(step) {
  const person = personByIdOrEmail(step)
  if (!person) return
  deletePerson(step.state, person)
  effect(step, `deleted person ${label(person)} with their relationships and devices`)
}

/** @param {Step} step @param {boolean} suppressed */
function suppress(step, suppressed) {
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
function deviceUpdated(step) {
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
function deviceDeleted(step) {
  const token = text(record(record(step.event.context).device).token) ?? text(record(step.event.properties).device_id)
  if (!token) return effect(step, `no device change: "${step.event.event}" carries no context.device.token or properties.device_id`)
  if (step.state.devices.delete(token)) effect(step, `deleted device ${short(token)}`)
  else effect(step, `nothing to delete: no device ${short(token)}`)
}

/**
 * Creates or updates the object, then relates the person to it when there is one.
 * @param {Step} step @param {Person | undefined} person @param {string} objectTypeId @param {string} objectId
 * @param {Json} relationshipAttributes @param {Json} objectAttributes
 */
function relateTo(step, person, objectTypeId, objectId, relationshipAttributes, objectAttributes) {
  const { state, now } = step
  if (!objectChangeAllowed(step, objectTypeId, objectId, objectAttributes)) return
  const { object, created } = upsertObject(state, objectTypeId, objectId, now)
  mergeAttributes(object.attributes, objectAttributes)
  object.updatedAt = now
  const names = Object.keys(objectAttributes)
  effect(step, `${created ? 'created' : 'updated'} object ${objectTypeId}:${objectId}${names.length ? ` (${names.join(', ')})` : ''}`)
  if (!person) return
  const { created: isNew, relationship } = relate(state, person, object, relationshipAttributes, now)
  const shown = Object.entries(relationship.attributes).map(([name, value]) => `${name}=${JSON.stringify(value)}`).join(', ')
  effect(step, `${isNew ? 'related' : 'updated relationship'} ${label(person)} → ${objectTypeId}:${objectId}${shown ? ` (${shown})` : ''}`)
}

/** @param {Step} step @param {string} objectTypeId @param {string} objectId @param {Json} changes */
function objectChangeAllowed(step, objectTypeId, objectId, changes) {
  const after = { ...step.state.objects.get(objectKey(objectTypeId, objectId))?.attributes }
  mergeAttributes(after, changes)
  return !fail(step, objectProblems(objectId, after))
}

/** The person a call names by userId, created when missing, as Journeys does for tracked events. @param {Step} step @param {string} userId */
function personById(step, userId) {
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
function personByIdOrEmail(step) {
  const userId = text(step.event.userId)
  const email = text(record(step.event.properties).email)
  const person = userId ? findPerson(step.state, 'id', userId) : findPerson(step.state, 'email', email)
  if (!person) effect(step, `nothing to do: no person with ${userId ? `userId ${userId}` : `email ${email}`}`)
  return person
}

/** @param {Step} step @param {string} message */
function effect(step, message) {
  step.outcome.effects.push(message)
}

/** @param {Step} step @param {string[]} problems @returns {boolean} whether there were any */
function fail(step, problems) {
  step.outcome.errors.push(...problems)
  return problems.length > 0
}

/** @param {string | undefined} id @param {string | undefined} email */
function ids(id, email) {
  return { ...(id === undefined ? {} : { id }), ...(email === undefined ? {} : { email }) }
}

/** @param {Person} person */
const label = (person) => person.id ?? person.email ?? person.cioId
/** Object types are stringified integers; `1` when the call gives none. @param {unknown} value */
const typeOf = (value) => (value === undefined || value === null || value === '' ? '1' : String(value))
/** @param {unknown} value @returns {Json} */
const record = (value) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {})
/** @param {unknown} value */
const text = (value) => (typeof value === 'string' && value !== '' ? value : undefined)
/** @param {string} token */
const short = (token) => (token.length > 24 ? `${token.slice(0, 21)}…` : token)
/** @param {Json} source @param {string[]} names */
const without = (source, names) => Object.fromEntries(Object.entries(source).filter(([name]) => !names.includes(name)))
/** @param {unknown} timestamp */
function unixSeconds(timestamp) {
  const ms = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN
  return isNaN(ms) ? undefined : Math.floor(ms / 1000)
}
