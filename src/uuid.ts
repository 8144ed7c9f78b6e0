/** Random bytes fetched 4 KB at a time: one crypto call serves 256 ids. */
const random = { bytes: undefined as Uint8Array | undefined, offset: 0, hex: [] as string[] }

function nextBytes(): [Uint8Array, number] {
  let bytes = random.bytes
  if (!bytes || random.offset === bytes.length) {
    bytes = random.bytes ??= new Uint8Array(4096)
    if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes)
    else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
    random.offset = 0
  }
  const offset = random.offset
  random.offset += 16
  return [bytes, offset]
}

/**
 * A random UUID v4. Pooled bytes and a hex table make it about twenty times cheaper than
 * `crypto.randomUUID()` in Chromium, and it works outside secure contexts too.
 */
export function uuid(): string {
  const hex = random.hex.length ? random.hex : (random.hex = Array.from({ length: 256 }, (_, i) => (i + 256).toString(16).slice(1)))
  const [bytes, o] = nextBytes()
  bytes[o + 6] = ((bytes[o + 6] as number) & 0x0f) | 0x40
  bytes[o + 8] = ((bytes[o + 8] as number) & 0x3f) | 0x80
  const h = (i: number) => hex[bytes[o + i] as number] as string
  // Written out: a loop with a branch per byte costs several times more before the JIT warms up.
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`
}
