import { ValidationError } from '../errors'
import type { JsonObject } from '../types'
import { objectTypeIdOf, requireObjectId } from './rules'

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

const needsUserId = new Set<string>([
  semanticEvents.relationshipDeleted,
  semanticEvents.userDeleted,
  semanticEvents.userSuppressed,
  semanticEvents.userUnsuppressed,
  semanticEvents.deviceUpdated,
  semanticEvents.deviceDeleted,
])
const semanticNames = new Set<string>(Object.values(semanticEvents))
const namesAnObject = new Set<string>([semanticEvents.relationshipDeleted, semanticEvents.objectDeleted])
const namesADevice = new Set<string>([semanticEvents.deviceUpdated, semanticEvents.deviceDeleted])

/**
 * Checks a track call with a reserved name before it is queued, and writes the object
 * type as the integer the API expects. Other events pass through untouched.
 */
export function semanticProperties(event: string, properties: JsonObject, userId: string | null, context: JsonObject): JsonObject {
  if (!semanticNames.has(event)) return properties
  if (needsUserId.has(event) && userId === null) {
    throw new ValidationError(`"${event}"`, 'needs an identified person', 'Call identify(userId) first.')
  }
  // The API reads the device from context.device.token, not from older examples' properties.device_id.
  const token = (context.device as JsonObject | undefined)?.token
  if (namesADevice.has(event) && (typeof token !== 'string' || token.trim() === '')) {
    throw new ValidationError(`"${event}" device token`, 'is missing or empty', 'Pass the push token your app received: addDevice(token).')
  }
  if (!namesAnObject.has(event)) return properties
  const objectId = requireObjectId(properties.objectId, `"${event}" properties.objectId`)
  const type = objectTypeIdOf(properties.objectTypeId, `"${event}" properties.objectTypeId`)
  return { ...properties, objectId, objectTypeId: Number(type ?? 1) }
}
