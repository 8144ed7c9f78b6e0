import type { CallOptions, JsonObject } from '../types'
import { objectRef, refuseOversizedObject, refuseReservedName, withDefined } from './rules'

/**
 * A group call's traits as Customer.io reads them: the object type as
 * `traits.object_type_id` (a stringified integer), relationship attributes under
 * `traits.relationshipAttributes`, everything else attributes of the object. The call's
 * `options.objectTypeId` gives the type when the traits do not.
 */
export function groupPayload(groupId: unknown, traits: JsonObject, optionsType?: unknown): { groupId: string; traits: JsonObject } {
  const { objectTypeId, object_type_id, relationshipAttributes, ...attributes } = traits
  const [id, type] = objectRef(groupId, objectTypeId ?? object_type_id ?? optionsType, 'group ', 'groupId')
  refuseReservedName(attributes, 'relationship', 'group traits')
  refuseOversizedObject(attributes, 'group traits')
  return { groupId: id, traits: withDefined(attributes, { object_type_id: type, relationshipAttributes }) }
}

/**
 * Splits identify traits into the person's attributes and a relationship given inline
 * (`objectId`, `objectTypeId`, `relationshipAttributes`), so the relationship is sent
 * but never stored as a trait and repeated on later identifies.
 */
export function splitIdentifyTraits(traits: JsonObject): [person: JsonObject, relation: JsonObject] {
  const { objectId, objectTypeId, object_type_id, relationshipAttributes, ...person } = traits
  refuseReservedName(person, '_relationship', 'identify traits')
  // a relationship key given, even as undefined, asks for a relationship
  if (Object.keys(person).length == Object.keys(traits).length) return [person, {}]
  const [id, type] = objectRef(objectId, objectTypeId ?? object_type_id, 'identify traits.', 'objectId')
  return [person, withDefined({ objectId: id }, { objectTypeId: type, relationshipAttributes })]
}

/** The other inline form: `context.groupId` with `context.relationshipTraits` (and `context.objectTypeId`). */
export function contextRelation(options: CallOptions, call: string): CallOptions {
  const context = options.context
  if (context?.groupId === undefined) return options
  const [groupId, type] = objectRef(context.groupId, context.objectTypeId, call + ' context.', 'groupId')
  return { ...options, context: withDefined({ ...context, groupId }, { objectTypeId: type }) }
}
