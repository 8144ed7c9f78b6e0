import { ValidationError } from '../errors'
import type { Callback, CallOptions, JsonObject } from '../types'

export type Resolved = [strings: Array<string | null>, objects: Array<JsonObject | undefined>, callback: Callback | undefined]

/** A plain object, not null and not an array: what traits, properties and options are. */
export const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * analytics.js signatures lead with ids or names, then objects, then a callback. This
 * splits a call's arguments into those three runs, whatever was left out.
 */
export function splitArguments(args: readonly unknown[], leadingStrings: number): Resolved {
  const strings: Array<string | null> = []
  const objects: Array<JsonObject | undefined> = []
  let callback: Callback | undefined
  for (const arg of args) {
    if (typeof arg === 'function') {
      callback = arg as Callback
      break
    }
    const isLeading = strings.length < leadingStrings && !objects.length
    if (isLeading && (typeof arg === 'string' || typeof arg === 'number' || arg == null)) {
      strings.push(arg === null || arg === undefined ? null : String(arg))
    } else {
      objects.push(isObject(arg) ? arg : undefined)
    }
  }
  return [strings, objects, callback]
}

/**
 * page() and screen() names, as analytics.js reads them: two strings are the category and
 * the name, one is the name; a null or undefined in their place is no name at all.
 */
export function categoryAndName(strings: Array<string | null>): [string | null, string | null] {
  const names = strings.filter((value) => value !== null)
  return names.length === 2 ? (names as [string, string]) : [null, names[0] ?? null]
}

export function requireName(value: string | null | undefined, field: string, example: string): string {
  if (typeof value === 'string' && value.trim()) return value
  throw new ValidationError(field, 'is missing or empty', `Pass it as the first argument, e.g. ${example}.`)
}

/** Shared by every call without options: nothing writes to options, and this saves an object per call. */
const noOptions: CallOptions = Object.freeze({})

export function optionsFrom(value: JsonObject | undefined): CallOptions {
  return (value ?? noOptions) as CallOptions
}
