import { utf8Bytes } from '../delivery/batching'
import { ValidationError } from '../errors'
import type { JsonObject } from '../types'

/** `'2'`, `2` → `'2'`; absent → undefined (the API then assumes type 1). */
function objectTypeIdOf(value: unknown, field: string): string | undefined {
  if (value == null) return undefined
  // an object or array never is one, even if it reads as digits
  const text = typeof value == 'object' ? '' : String(value).trim()
  if (!/^[1-9]\d*$/.test(text)) {
    throw new ValidationError(field, `must be a positive integer, got ${JSON.stringify(value)}`, 'Use the object type id shown in Customer.io, e.g. 1.')
  }
  return text
}

function requireObjectId(value: unknown, field: string): string {
  const id = typeof value == 'number' ? String(value) : value
  if (typeof id != 'string' || !id.trim()) throw new ValidationError(field, 'is missing or empty', "Pass the object id, e.g. 'acme'.")
  // Customer.io's limit on an object id
  if (id.length > 150) throw new ValidationError(field, `is ${id.length} characters, over Customer.io's 150-character limit`, 'Use a shorter id.')
  return id
}

/**
 * An object's id and type, checked; errors name the field as `${prefix}${idName}` or `${prefix}${typeName}`.
 * @example objectRef('acme', '2', 'group ', 'groupId') // ['acme', '2']
 */
export const objectRef = (id: unknown, type: unknown, prefix: string, idName: string, typeName = 'objectTypeId'): [string, string | undefined] => [
  requireObjectId(id, prefix + idName),
  objectTypeIdOf(type, prefix + typeName),
]

/** Object attributes may not be named `relationship`; people's may not be named `_relationship`. */
export function refuseReservedName(attributes: JsonObject, name: 'relationship' | '_relationship', field: string): void {
  if (name in attributes) {
    throw new ValidationError(`${field}.${name}`, `is reserved by Customer.io and cannot be a${name == 'relationship' ? 'n object' : ' person'} attribute`, 'Rename the attribute.')
  }
}

export function refuseOversizedObject(attributes: JsonObject, field: string): void {
  const bytes = utf8Bytes(JSON.stringify(attributes) ?? '')
  if (bytes > 102400) {
    throw new ValidationError(field, `total ${bytes} bytes, over Customer.io's 100 KB limit for an object's attributes`, 'Send fewer or smaller attributes.')
  }
}

/** `target` with those entries of `extra` whose value is defined. */
export function withDefined(target: JsonObject, extra: JsonObject): JsonObject {
  for (const key in extra) if (extra[key] !== undefined) target[key] = extra[key]
  return target
}
