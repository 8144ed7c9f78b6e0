export interface PostResult {
  /** HTTP status, or 0 when the request failed before a response. */
  status: number
  /** The raw `Retry-After` header, if any. */
  _retryAfter?: string | null
}

const requestTimeoutMs = 30_000

/** Sends one request. Never rejects: a failure is status 0. */
export type Post = (url: string, body: string, keepalive: boolean) => Promise<PostResult>

/**
 * `text/plain` keeps the request "simple" for CORS: no preflight, and allowed in a
 * keepalive fetch or a beacon.
 */
export const fetchPost: Post = async (url, body, keepalive) => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      keepalive,
      credentials: 'omit',
      headers: { 'Content-Type': 'text/plain' },
      // A request that never answers must not hold up every later one.
      signal: AbortSignal.timeout?.(requestTimeoutMs) ?? null,
    })
    const result = { status: response.status, _retryAfter: response.headers.get('Retry-After') }
    // An unread body keeps the browser's fetch loader and its streams alive until the
    // timeout signal fires, or for the page's life where there is no timeout. A body that is
    // no real stream (a fetch polyfill) must not turn the answer into a failure.
    try {
      response.body?.cancel().catch(() => {})
    } catch {
      // nothing to release
    }
    return result
  } catch {
    return { status: 0 }
  }
}
