/** Ids made 256 at a time into one string, of which each id is a slice; none are left at first. */
const pool: { _left: number; _ids?: string; _hex?: string[] } = { _left: 0 }

/**
 * A random UUID v4. One crypto call and one string serve 256 ids, so an id costs a slice:
 * cheaper than `crypto.randomUUID()` in Chromium, and it works outside secure contexts too.
 */
export function uuid(): string {
  if (!pool._left) {
    const hex = (pool._hex ??= Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1)))
    const bytes = new Uint8Array(4096)
    crypto.getRandomValues(bytes)
    let ids = ''
    bytes.forEach((byte, i) => {
      const at = i & 15
      // the version (4) and variant (10xx) bits; dashes before bytes 4, 6, 8 and 10
      const value = at == 6 ? (byte & 15) | 64 : at == 8 ? (byte & 63) | 128 : byte
      ids += (at > 3 && at < 11 && !(at & 1) ? '-' : '') + hex[value]
    })
    pool._ids = ids
    pool._left = 256
  }
  const end = 36 * pool._left--
  return pool._ids!.slice(end - 36, end)
}
