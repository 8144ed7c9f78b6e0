import { isObject } from '../client/arguments'
import { ValidationError } from '../errors'
import { objectRef } from '../objects/rules'
import type { JsonObject } from '../types'

/** One relationship to add or delete, read from `_cio.identify({ cio_relationships })`. */
export interface RelationshipChange {
  add: boolean
  objectId: string
  /** A stringified integer, as Customer.io's object types are. */
  objectTypeId: string
  attributes: JsonObject | undefined
}

const misread = (field: string, problem: string): never => {
  throw new ValidationError(
    `cio_relationships.${field}`,
    problem,
    "Write it as cio_relationships: { action: 'add_relationships', relationships: [{ identifiers: { object_type_id: '1', object_id: 'acme' } }] }.",
  )
}

/**
 * Reads `cio_relationships`: `{ action: 'add_relationships' | 'delete_relationships',
 * relationships: [...] }`, or a plain array meaning add. Throws a ValidationError naming
 * the field at fault, so nothing is sent from a half-understood value.
 */
export function relationshipChanges(value: unknown): RelationshipChange[] {
  const { action, relationships } = Array.isArray(value) ? { action: 'add_relationships', relationships: value } : isObject(value) ? value : {}
  const add = action === 'add_relationships'
  if (!add && action !== 'delete_relationships') misread('action', `must be 'add_relationships' or 'delete_relationships', got ${JSON.stringify(action)}`)
  if (!Array.isArray(relationships)) return misread('relationships', 'must be an array')
  return relationships.map((relationship: unknown, index) => {
    const { identifiers, relationship_attributes: attributes } = isObject(relationship) ? relationship : {}
    const { object_id, object_type_id } = isObject(identifiers) ? identifiers : {}
    const [objectId, objectTypeId = '1'] = objectRef(object_id, object_type_id, `cio_relationships.relationships[${index}].identifiers.`, 'object_id', 'object_type_id')
    return { add, objectId, objectTypeId, attributes: isObject(attributes) ? attributes : undefined }
  })
}
