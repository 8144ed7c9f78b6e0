import { utf8Bytes } from '../delivery/batching'
import { ValidationError } from '../errors'
import type { JsonObject } from '../types'

/** Customer.io's limits on objects. */
export const objectLimits = { idLength: 150, attributeBytes: 100 * 1024 } as const

/** `'2'`, `2` → `'2'`; absent → undefined (the API then assumes type 1). */
export function objectTypeIdOf(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : ''
  if (!/^[1-9]\d*$/.test(text)) {
    throw new ValidationError(field, `must be a positive integer, got ${JSON.stringify(value)}`, 'Use the object type id shown in Customer.io, e.g. 1 for the first object type.')
  }
  return text
}

export function requireObjectId(value: unknown, field: string): string {
  const id = typeof value === 'number' ? String(value) : value
  if (typeof id !== 'string' || id.trim() === '') {
    throw new ValidationError(field, 'is missing or empty', 'Pass the object id, e.g. "acme".')
  }
  if (id.length > objectLimits.idLength) {
    throw new ValidationError(field, `is ${id.length} characters, over Customer.io's ${objectLimits.idLength}-character limit`, 'Use a shorter id.')
  }
  return id
}

/** Object attributes may not be named `relationship`; people's may not be named `_relationship`. */
export function refuseReservedName(attributes: JsonObject | undefined, name: 'relationship' | '_relationship', field: string): void {
  if (attributes && Object.prototype.hasOwnProperty.call(attributes, name)) {
    const target = name === 'relationship' ? 'object' : 'person'
    throw new ValidationError(`${field}.${name}`, `is reserved by Customer.io and cannot be a ${target} attribute`, 'Rename the attribute.')
  }
}

export function refuseOversizedObject(attributes: JsonObject, field: string): void {
  const bytes = utf8Bytes(JSON.stringify(attributes) ?? '')
  if (bytes > objectLimits.attributeBytes) {
    throw new ValidationError(field, `total ${bytes} bytes, over Customer.io's 100 KB limit for an object's attributes`, 'Send fewer or smaller attributes.')
  }
}
