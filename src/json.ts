import { ValidationError } from './errors'

/** BigInt has no JSON form; a string keeps every digit. */
const bigIntAsString = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)

/**
 * `JSON.stringify` that sends BigInts as strings and turns a circular value into an error
 * naming `field`. The plain call runs first: the replacer costs time on every event.
 */
export function toJson(value: unknown, field: string): string {
  try {
    return JSON.stringify(value)
  } catch {
    try {
      return JSON.stringify(value, bigIntAsString)
    } catch (error) {
      throw new ValidationError(
        field,
        `cannot be sent as JSON (${(error as Error).message.split('\n')[0]})`,
        'Send plain data, without circular references.',
      )
    }
  }
}
