/**
 * track.js without `data-use-array-params="true"` sent arrays as objects keyed by index;
 * legacy calls keep doing so, so existing segments and templates see the same data.
 * @example indexKeyed({ tags: ['a', 'b'] }) // { tags: { '0': 'a', '1': 'b' } }
 */
export function indexKeyed(value: unknown): unknown {
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [index, indexKeyed(item)]))
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, indexKeyed(item)]))
}
