// Customer.io's limits and reserved names for objects and people. The pipeline accepts
// events that break them; the Journeys destination then refuses the change, so these
// surface as destination errors in the debugger, not as HTTP errors.

export const objectIdMaxLength = 150
export const objectAttributesMaxBytes = 100 * 1024

/** Liquid uses these names to reach relationships, so they cannot hold data. */
export const reservedObjectAttribute = 'relationship'
export const reservedPersonAttribute = '_relationship'

/**
 * @param {string} objectId
 * @param {Record<string, unknown>} attributesAfterUpdate what the object would hold
 * @returns {string[]}
 */
export function objectProblems(objectId, attributesAfterUpdate) {
  const problems = []
  if ([...objectId].length > objectIdMaxLength) {
    problems.push(`object id is ${[...objectId].length} characters; Customer.io allows at most ${objectIdMaxLength}`)
  }
  if (reservedObjectAttribute in attributesAfterUpdate) {
    problems.push(`"${reservedObjectAttribute}" is reserved and cannot be an object attribute; rename it`)
  }
  const bytes = Buffer.byteLength(JSON.stringify(attributesAfterUpdate))
  if (bytes > objectAttributesMaxBytes) {
    problems.push(`object attributes would total ${Math.ceil(bytes / 1024)} KB; Customer.io allows at most 100 KB per object`)
  }
  return problems
}

/** @param {Record<string, unknown>} attributes @returns {string[]} */
export function personProblems(attributes) {
  return reservedPersonAttribute in attributes
    ? [`"${reservedPersonAttribute}" is reserved and cannot be a person attribute; rename it`]
    : []
}
