/** What to do with a batch after the API answered. */
export type Decision =
  | { action: 'delivered' }
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'split'; reason: string }
  | { action: 'drop'; reason: string }
  | { action: 'pause'; reason: string }

export const backoff = { baseMs: 1000, capMs: 5 * 60 * 1000 } as const

/**
 * Exponential backoff with "equal jitter": half the delay is fixed so retries never bunch
 * at zero, half is random so clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, random: number): number {
  const full = Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt)
  return full / 2 + (full / 2) * random
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; 0 if absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number {
  if (!header) return 0
  const seconds = Number(header)
  if (header.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(header)
  return Number.isNaN(date) ? 0 : Math.max(0, date - now)
}

export interface Answer {
  status: number
  retryAfter: string | null
}

/**
 * The delivery rules: transient failures are retried after a backoff that honours
 * `Retry-After`; a refused batch is split until the refused events stand alone, and only
 * those are dropped; a refused key pauses sending and keeps everything.
 */
export function decide(answer: Answer, batchSize: number, attempt: number, now: number, random: number): Decision {
  const { status } = answer
  if (status >= 200 && status < 300) return { action: 'delivered' }
  const reason = status === 0 ? 'network' : `http-${status}`
  if (status === 400 || status === 413 || status === 422) {
    return batchSize > 1 ? { action: 'split', reason } : { action: 'drop', reason }
  }
  if (status === 401 || status === 403 || status === 404) return { action: 'pause', reason }
  const delayMs = Math.max(backoffDelay(attempt, random), retryAfterMs(answer.retryAfter, now))
  return { action: 'retry', delayMs, reason }
}
