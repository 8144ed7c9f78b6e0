/** A date-time with an explicit offset: without one the visitor's time zone would decide. */
const isoDateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i

const seconds = (ms: number) => Math.floor(ms / 1000)

/** `'2023-05-18T22:58:45+00:00'` → `1684450725`; anything else → itself. */
function unixSeconds(value: string): string | number {
  const ms = isoDateTime.test(value) ? Date.parse(value) : NaN
  return ms === ms ? seconds(ms) : value
}

/** A copy of an object or array as a plain object, each value mapped. */
export const mapValues = (value: object, map: (item: unknown) => unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).map(([key, item]) => [key, map(item)]))

/** Returns a copy with every ISO-8601 date-time string and Date, at any depth, in Unix seconds. */
export function convertTimestamps<T>(value: T): T {
  return (
    typeof value == 'string' ? unixSeconds(value)
    : value instanceof Date ? seconds(+value)
    : Array.isArray(value) ? value.map(convertTimestamps)
    : value && typeof value == 'object' ? mapValues(value, convertTimestamps)
    : value
  ) as T
}
