import type { CallOptions, JsonObject } from '../types'
import { objectTypeIdOf, refuseOversizedObject, refuseReservedName, requireObjectId } from './rules'

/**
 * A group call's traits as Customer.io reads them: the object type as
 * `traits.object_type_id` (a stringified integer), relationship attributes under
 * `traits.relationshipAttributes`, everything else attributes of the object.
 */
export function groupPayload(groupId: unknown, traits: JsonObject, options: CallOptions): { groupId: string; traits: JsonObject } {
  const id = requireObjectId(groupId, 'group groupId')
  const { objectTypeId, object_type_id, relationshipAttributes, ...objectAttributes } = traits
  const type = objectTypeIdOf(objectTypeId ?? object_type_id ?? options.objectTypeId, 'group objectTypeId')
  refuseReservedName(objectAttributes, 'relationship', 'group traits')
  refuseOversizedObject(objectAttributes, 'group traits')
  const normalized: JsonObject = { ...objectAttributes }
  if (type !== undefined) normalized.object_type_id = type
  if (relationshipAttributes !== undefined) normalized.relationshipAttributes = relationshipAttributes
  return { groupId: id, traits: normalized }
}

const relationKeys = ['objectId', 'objectTypeId', 'object_type_id', 'relationshipAttributes'] as const

/**
 * Splits identify traits into the person's attributes and a relationship given inline
 * (`objectId`, `objectTypeId`, `relationshipAttributes`), so the relationship is sent
 * but never stored as a trait and repeated on later identifies.
 */
export function splitIdentifyTraits(traits: JsonObject): { person: JsonObject; relation: JsonObject } {
  const person: JsonObject = { ...traits }
  const relation: JsonObject = {}
  for (const key of relationKeys) {
    if (key in person) {
      relation[key] = person[key]
      delete person[key]
    }
  }
  refuseReservedName(person, '_relationship', 'identify traits')
  if (Object.keys(relation).length === 0) return { person, relation }
  const objectId = requireObjectId(relation.objectId, 'identify traits.objectId')
  const type = objectTypeIdOf(relation.objectTypeId ?? relation.object_type_id, 'identify traits.objectTypeId')
  const normalized: JsonObject = { objectId }
  if (type !== undefined) normalized.objectTypeId = type
  if (relation.relationshipAttributes !== undefined) normalized.relationshipAttributes = relation.relationshipAttributes
  return { person, relation: normalized }
}

/** The other inline form: `context.groupId` with `context.relationshipTraits` (and `context.objectTypeId`). */
export function contextRelation(options: CallOptions, call: string): CallOptions {
  const context = options.context
  if (!context || context.groupId === undefined) return options
  const groupId = requireObjectId(context.groupId, `${call} context.groupId`)
  const type = objectTypeIdOf(context.objectTypeId, `${call} context.objectTypeId`)
  return { ...options, context: { ...context, groupId, ...(type === undefined ? {} : { objectTypeId: type }) } }
}
