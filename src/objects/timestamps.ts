import type { JsonObject } from '../types'

/** A date-time with an explicit offset: without one the visitor's time zone would decide. */
const isoDateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i

/** `'2023-05-18T22:58:45+00:00'` → `1684450725`; anything else → itself. */
export function unixSeconds(value: string): string | number {
  if (!isoDateTime.test(value)) return value
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? value : Math.floor(ms / 1000)
}

/** Returns a copy with every ISO-8601 date-time string and Date, at any depth, in Unix seconds. */
export function convertTimestamps<T>(value: T): T {
  if (typeof value === 'string') return unixSeconds(value) as T
  if (Array.isArray(value)) return value.map(convertTimestamps) as T
  if (value instanceof Date) return Math.floor(value.getTime() / 1000) as T
  if (value === null || typeof value !== 'object') return value
  const converted: JsonObject = {}
  for (const [key, item] of Object.entries(value)) converted[key] = convertTimestamps(item)
  return converted as T
}
