import type { OutboxRecord } from './outbox'

export interface PostResult {
  /** HTTP status, or 0 when the request failed before a response. */
  status: number
  /** The raw `Retry-After` header, if any. */
  retryAfter: string | null
}

const requestTimeoutMs = 30_000

export type Post = (url: string, body: string, keepalive: boolean) => Promise<PostResult>

/** `{batch, sentAt, writeKey}` assembled from already-serialized events. */
export function batchBody(records: OutboxRecord[], writeKey: string, sentAt: Date): string {
  const events = records.map((record) => record.body).join(',')
  return `{"batch":[${events}],"sentAt":"${sentAt.toISOString()}","writeKey":${JSON.stringify(writeKey)}}`
}

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
      ...(typeof AbortSignal.timeout === 'function' ? { signal: AbortSignal.timeout(requestTimeoutMs) } : {}),
    })
    return { status: response.status, retryAfter: response.headers.get('Retry-After') }
  } catch {
    return { status: 0, retryAfter: null }
  }
}
