import { ValidationError } from '../errors'
import type { JsonObject } from '../types'
import { objectRef } from './rules'

/** Track events Customer.io turns into changes of people, objects and devices. */
export const semanticEvents = {
  relationshipDeleted: 'Relationship Deleted',
  objectDeleted: 'Object Deleted',
  userDeleted: 'User Deleted',
  userSuppressed: 'User Suppressed',
  userUnsuppressed: 'User Unsuppressed',
  deviceUpdated: 'Device Created or Updated',
  deviceDeleted: 'Device Deleted',
} as const

/** What each of them needs: 1 an identified person, 2 an object (its id and type), 4 a device token. */
const needs: Record<string, number> = {
  'Relationship Deleted': 3,
  'Object Deleted': 2,
  'User Deleted': 1,
  'User Suppressed': 1,
  'User Unsuppressed': 1,
  'Device Created or Updated': 5,
  'Device Deleted': 5,
}

/**
 * Checks a track call with a reserved name before it is queued, and writes the object
 * type as the integer the API expects. Other events pass through untouched.
 */
export function semanticProperties(event: string, properties: JsonObject, userId: string | null, context: JsonObject): JsonObject {
  // Other names give undefined, or an inherited function for "constructor": 0 in every bit test.
  const need = needs[event]!
  if (need & 1 && userId === null) throw new ValidationError(`"${event}"`, 'needs an identified person', 'Call identify(userId) first.')
  // The API reads the device from context.device.token, not from older examples' properties.device_id.
  const token = (context.device as JsonObject | undefined)?.token
  if (need & 4 && (typeof token != 'string' || !token.trim())) {
    throw new ValidationError(`"${event}" device token`, 'is missing or empty', 'Pass the push token your app received: addDevice(token).')
  }
  if (!(need & 2)) return properties
  const [objectId, type] = objectRef(properties.objectId, properties.objectTypeId, `"${event}" properties.`, 'objectId')
  return { ...properties, objectId, objectTypeId: Number(type ?? 1) }
}
