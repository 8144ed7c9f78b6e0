// How the Customer.io Journeys destination maps each accepted call onto people, objects,
// relationships and devices. Each rule reports what it did as `effects` and what Journeys
// would refuse as `errors`; both are shown in the debugger next to the event.
import { adoptAnonymous, createPerson, findPerson, mergeAttributes, mergePeople, objectKey, relate, suppressedIdentifier, upsertObject } from './journeys.mjs'
import { objectProblems, personProblems } from './reserved.mjs'
import { deviceDeleted, deviceUpdated, objectDeleted, relationshipDeleted, suppress, userDeleted } from './semantic-events.mjs'
import { effect, fail, ids, label, personById, record, text, typeOf, unixSeconds, without } from './step.mjs'

/**
 * @typedef {import('./journeys.mjs').Journeys} Journeys
 * @typedef {import('./journeys.mjs').Person} Person
 * @typedef {import('./step.mjs').Step} Step
 * @typedef {import('./step.mjs').Json} Json
 * @typedef {import('./step.mjs').Outcome} Outcome
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
  const { event } = step
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
