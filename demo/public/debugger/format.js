// How values from events read in the debugger. Everything returns plain strings.

/** @param {unknown} value */
export function showValue(value) {
  if (typeof value === 'string') return value
  if (value === undefined) return ''
  return JSON.stringify(value)
}

/** @param {number} epochMs */
export function clock(epochMs) {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
}

/** @param {number} unixSeconds */
export function dateTime(unixSeconds) {
  return new Date(unixSeconds * 1000).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
}

/** @param {unknown} value */
export function pretty(value) {
  return JSON.stringify(value, null, 2) ?? ''
}

/**
 * The name a person is shown by: their name if they have one, else an identifier.
 * @param {{ userId: string | null, email: string | null, cioId: string, attributes: Record<string, unknown> }} person
 */
export function personName(person) {
  const { name, first_name: first, last_name: last } = person.attributes
  if (typeof name === 'string' && name) return name
  const full = [first, last].filter((part) => typeof part === 'string' && part).join(' ')
  return full || person.userId || person.email || person.cioId
}
