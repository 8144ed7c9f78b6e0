export interface PostResult {
  /** HTTP status, or 0 when the request failed before a response. */
  status: number
  /** The raw `Retry-After` header, if any. */
  _retryAfter?: string | null
}

export const requestTimeoutMs = 30_000

/** Sends one request. Never rejects: a failure is status 0. */
export type Post = (url: string, body: string, keepalive: boolean) => Promise<PostResult>

/**
 * `text/plain` keeps the request "simple" for CORS: no preflight, and allowed in a
 * keepalive fetch or a beacon.
 */
export const fetchPost: Post = async (url, body, keepalive) => {
  // A request that never answers must not hold up every later one. A cleared timer, unlike
  // AbortSignal.timeout(), lets the browser release the signal as soon as the answer is in,
  // not 30 s later (about 220 B per request, 110 KB per 10,000 events).
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), requestTimeoutMs)
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      keepalive,
      credentials: 'omit',
      headers: { 'Content-Type': 'text/plain' },
      signal: abort.signal,
    })
    // An unread body keeps the browser's fetch loader and its streams alive until the
    // request is aborted. A body that is no real stream (a fetch polyfill) must not turn the
    // answer into a failure. The status and headers stay readable once it is cancelled.
    try {
      response.body?.cancel().catch(() => {})
    } catch {
      // nothing to release
    }
    return { status: response.status, _retryAfter: response.headers.get('Retry-After') }
  } catch {
    return { status: 0 }
  } finally {
    clearTimeout(timer)
  }
}
