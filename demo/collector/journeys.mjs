// The Journeys side of the stand-in: people, objects, relationships and devices, with the
// operations the destination's actions perform on them. rules.mjs decides which to call.

/**
 * @typedef {Record<string, unknown>} Attributes
 * @typedef {{ cioId: string, id?: string, email?: string, attributes: Attributes, anonymousIds: string[], timeline: number[], createdAt: number, updatedAt: number }} Person
 * @typedef {{ objectTypeId: string, objectId: string, attributes: Attributes, createdAt: number, updatedAt: number }} StoredObject
 * @typedef {{ cioId: string, objectTypeId: string, objectId: string, attributes: Attributes, createdAt: number, updatedAt: number }} Relationship
 * @typedef {{ token: string, cioId: string, platform?: string, attributes: Attributes, createdAt: number, lastUsed: number }} Device
 * @typedef {ReturnType<typeof createJourneys>} Journeys
 */

export function createJourneys() {
  return {
    nextPerson: 1,
    /** @type {Map<string, Person>} */ people: new Map(),
    /** @type {Map<string, StoredObject>} */ objects: new Map(),
    /** @type {Map<string, Relationship>} */ relationships: new Map(),
    /** @type {Map<string, Device>} */ devices: new Map(),
    /** Timelines of people not known yet, by anonymousId: the seqs of their events. @type {Map<string, number[]>} */
    anonymous: new Map(),
    /** `id:…` and `email:…` identifiers that cannot be used until unsuppressed. @type {Set<string>} */
    suppressed: new Set(),
  }
}

/** @param {string} objectTypeId @param {string} objectId */
export const objectKey = (objectTypeId, objectId) => `${objectTypeId}:${objectId}`
/** @param {string} cioId @param {string} objectTypeId @param {string} objectId */
const relationshipKey = (cioId, objectTypeId, objectId) => `${cioId}|${objectKey(objectTypeId, objectId)}`

/**
 * @param {Journeys} state
 * @param {'id' | 'email'} identifier
 * @param {string | undefined} value
 */
export function findPerson(state, identifier, value) {
  if (value === undefined) return undefined
  for (const person of state.people.values()) if (person[identifier] === value) return person
  return undefined
}

/** @param {Journeys} state @param {{ id?: string, email?: string }} identifiers @param {number} now */
export function createPerson(state, identifiers, now) {
  const cioId = `cio_${String(state.nextPerson++).padStart(4, '0')}`
  /** @type {Person} */
  const person = { cioId, ...identifiers, attributes: {}, anonymousIds: [], timeline: [], createdAt: now, updatedAt: now }
  if (identifiers.email !== undefined) person.attributes.email = identifiers.email
  state.people.set(cioId, person)
  return person
}

/** @param {Journeys} state @param {{ id?: string, email?: string }} identifiers */
export function suppressedIdentifier(state, identifiers) {
  if (identifiers.id !== undefined && state.suppressed.has(`id:${identifiers.id}`)) return `userId ${identifiers.id}`
  if (identifiers.email !== undefined && state.suppressed.has(`email:${identifiers.email}`)) return `email ${identifiers.email}`
  return undefined
}

/**
 * Sets attributes the way Journeys does: `null` or `""` removes one.
 * @param {Attributes} target @param {Attributes} changes
 */
export function mergeAttributes(target, changes) {
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === '') delete target[name]
    else target[name] = value
  }
}

/** @param {Journeys} state @param {string} objectTypeId @param {string} objectId @param {number} now */
export function upsertObject(state, objectTypeId, objectId, now) {
  const key = objectKey(objectTypeId, objectId)
  const existing = state.objects.get(key)
  if (existing) return { object: existing, created: false }
  /** @type {StoredObject} */
  const object = { objectTypeId, objectId, attributes: { created_at: now }, createdAt: now, updatedAt: now }
  state.objects.set(key, object)
  return { object, created: true }
}

/**
 * @param {Journeys} state @param {Person} person @param {StoredObject} object
 * @param {Attributes} attributes @param {number} now
 */
export function relate(state, person, object, attributes, now) {
  const key = relationshipKey(person.cioId, object.objectTypeId, object.objectId)
  const existing = state.relationships.get(key)
  const relationship = existing ?? { cioId: person.cioId, objectTypeId: object.objectTypeId, objectId: object.objectId, attributes: {}, createdAt: now, updatedAt: now }
  mergeAttributes(relationship.attributes, attributes)
  relationship.updatedAt = now
  state.relationships.set(key, relationship)
  return { relationship, created: !existing }
}

/** @param {Journeys} state @param {Person} person @param {string} objectTypeId @param {string} objectId */
export function unrelate(state, person, objectTypeId, objectId) {
  return state.relationships.delete(relationshipKey(person.cioId, objectTypeId, objectId))
}

/** Removes an object and every relationship to it. @param {Journeys} state @param {string} objectTypeId @param {string} objectId */
export function deleteObject(state, objectTypeId, objectId) {
  const existed = state.objects.delete(objectKey(objectTypeId, objectId))
  let relationships = 0
  for (const [key, relationship] of state.relationships) {
    if (relationship.objectTypeId === objectTypeId && relationship.objectId === objectId) {
      state.relationships.delete(key)
      relationships++
    }
  }
  return { existed, relationships }
}

/** Removes a person with their relationships and devices. @param {Journeys} state @param {Person} person */
export function deletePerson(state, person) {
  state.people.delete(person.cioId)
  for (const [key, relationship] of state.relationships) if (relationship.cioId === person.cioId) state.relationships.delete(key)
  for (const [token, device] of state.devices) if (device.cioId === person.cioId) state.devices.delete(token)
}

/**
 * Merges `previous` into `survivor`: attributes and identifiers the survivor lacks, the
 * timeline, relationships (the survivor's attributes win) and devices.
 * @param {Journeys} state @param {Person} survivor @param {Person} previous @param {number} now
 */
export function mergePeople(state, survivor, previous, now) {
  for (const [name, value] of Object.entries(previous.attributes)) if (!(name in survivor.attributes)) survivor.attributes[name] = value
  if (survivor.email === undefined && previous.email !== undefined) survivor.email = previous.email
  survivor.anonymousIds = [...new Set([...survivor.anonymousIds, ...previous.anonymousIds])]
  survivor.timeline = [...survivor.timeline, ...previous.timeline].sort((a, b) => a - b)
  let relationships = 0
  for (const [key, relationship] of state.relationships) {
    if (relationship.cioId !== previous.cioId) continue
    state.relationships.delete(key)
    const target = relationshipKey(survivor.cioId, relationship.objectTypeId, relationship.objectId)
    const kept = state.relationships.get(target)
    if (kept) kept.attributes = { ...relationship.attributes, ...kept.attributes }
    else state.relationships.set(target, { ...relationship, cioId: survivor.cioId })
    relationships++
  }
  for (const device of state.devices.values()) if (device.cioId === previous.cioId) device.cioId = survivor.cioId
  survivor.updatedAt = now
  state.people.delete(previous.cioId)
  return { relationships }
}

/** Moves the events sent under an anonymousId onto a person's timeline. @param {Journeys} state @param {Person} person @param {string} anonymousId */
export function adoptAnonymous(state, person, anonymousId) {
  if (!person.anonymousIds.includes(anonymousId)) person.anonymousIds.push(anonymousId)
  const events = state.anonymous.get(anonymousId) ?? []
  state.anonymous.delete(anonymousId)
  if (events.length > 0) person.timeline = [...person.timeline, ...events].sort((a, b) => a - b)
  return events.length
}

/** Plain JSON for `/api/state`: arrays, with each person's identifiers copied onto their relationships and devices. @param {Journeys} state */
export function journeysSnapshot(state) {
  /** @param {string} cioId */
  const who = (cioId) => {
    const person = state.people.get(cioId)
    return { cioId, userId: person?.id ?? null, email: person?.email ?? null }
  }
  return {
    people: [...state.people.values()].map(({ id, ...person }) => ({ ...person, userId: id ?? null, email: person.email ?? null })),
    objects: [...state.objects.values()],
    relationships: [...state.relationships.values()].map((relationship) => ({ ...relationship, ...who(relationship.cioId) })),
    devices: [...state.devices.values()].map((device) => ({ ...device, ...who(device.cioId) })),
    suppressed: [...state.suppressed],
  }
}
