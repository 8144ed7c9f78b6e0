import { isObject } from '../client/arguments'
import { ValidationError } from '../errors'
import type { JsonObject } from '../types'

/** One relationship to add or delete, read from `_cio.identify({ cio_relationships })`. */
export interface RelationshipChange {
  add: boolean
  objectId: string
  /** A stringified integer, as Customer.io's object types are. */
  objectTypeId: string
  attributes?: JsonObject
}

const example = "cio_relationships: { action: 'add_relationships', relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' } }] }"

/**
 * Reads `cio_relationships`: `{ action: 'add_relationships' | 'delete_relationships',
 * relationships: [...] }`, or a plain array meaning add. Throws a ValidationError naming
 * the field at fault, so nothing is sent from a half-understood value.
 */
export function relationshipChanges(value: unknown): RelationshipChange[] {
  const { action, relationships } = Array.isArray(value) ? { action: 'add_relationships', relationships: value } : isObject(value) ? value : {}
  if (action !== 'add_relationships' && action !== 'delete_relationships') {
    throw new ValidationError('cio_relationships.action', `must be 'add_relationships' or 'delete_relationships', got ${JSON.stringify(action)}`, `Write it as ${example}.`)
  }
  if (!Array.isArray(relationships)) throw new ValidationError('cio_relationships.relationships', 'must be an array', `Write it as ${example}.`)
  return relationships.map((relationship: unknown, index) => {
    const field = `cio_relationships.relationships[${index}]`
    const identifiers = isObject(relationship) && isObject(relationship.identifiers) ? relationship.identifiers : {}
    const objectId = identifiers.object_id
    if ((typeof objectId !== 'string' && typeof objectId !== 'number') || objectId === '') {
      throw new ValidationError(`${field}.identifiers.object_id`, 'is missing', `Give each relationship its object: ${example}.`)
    }
    const objectTypeId = String(identifiers.object_type_id ?? '1')
    if (!/^\d+$/.test(objectTypeId)) {
      throw new ValidationError(`${field}.identifiers.object_type_id`, `must be an integer, got ${JSON.stringify(objectTypeId)}`, "Use the object type's number, e.g. object_type_id: '1'.")
    }
    const attributes = isObject(relationship) ? relationship.relationship_attributes : undefined
    const change: RelationshipChange = { add: action === 'add_relationships', objectId: String(objectId), objectTypeId }
    if (isObject(attributes)) change.attributes = attributes
    return change
  })
}
