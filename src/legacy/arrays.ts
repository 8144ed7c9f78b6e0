import { mapValues } from '../objects/timestamps'

/**
 * track.js without `data-use-array-params="true"` sent arrays as objects keyed by index;
 * legacy calls keep doing so, so existing segments and templates see the same data.
 * @example indexKeyed({ tags: ['a', 'b'] }) // { tags: { '0': 'a', '1': 'b' } }
 */
export const indexKeyed = (value: unknown): unknown =>
  value != null && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) ? mapValues(value, indexKeyed) : value
