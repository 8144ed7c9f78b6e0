/*
 * The delivery rules, by the answer's status: any 2xx is delivered; a batch whose events
 * are refused is split until the refused events stand alone, and only those are dropped; a
 * refused key pauses sending and keeps everything; anything else, a network failure
 * included, is retried after a backoff that honours `Retry-After`.
 */

export const succeeded = (status: number) => status >= 200 && status < 300

/** 400, 413 or 422: the API refuses the events themselves. */
export const refusesEvents = (status: number) => status === 400 || status === 413 || status === 422

/** 401, 403 or 404: the API refuses the write key (or the source is gone). */
export const refusesKey = (status: number) => status === 401 || status === 403 || status === 404

export const backoff = { baseMs: 1000, capMs: 5 * 60 * 1000 } as const

/**
 * Exponential backoff with "equal jitter": half the delay is fixed so retries never bunch
 * at zero, half is random so clients that failed together do not retry together.
 */
export function backoffDelay(attempt: number, random: number): number {
  return (Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt) / 2) * (1 + random)
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; 0 if absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number {
  // Zero seconds and a blank header read as no seconds, which no date parses either.
  const ms = header ? Number(header) * 1000 || Date.parse(header) - now : 0
  return ms > 0 && ms < Infinity ? ms : 0
}

/** How long to wait before the next attempt: the backoff, or longer if `Retry-After` asks. */
export function retryDelay(attempt: number, retryAfter: string | null | undefined, now: number, random: number): number {
  return Math.max(backoffDelay(attempt, random), retryAfterMs(retryAfter, now))
}
