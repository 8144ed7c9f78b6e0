import type { EventType, RelataEvent } from '../types'

/** What a source middleware receives, as in Segment's analytics.js. */
export interface MiddlewareInput {
  /**
   * `payload.obj` is the event about to be queued; change it in place or pass a new payload.
   * `type()` and `event()` read it, as on Segment's payload.
   */
  payload: { obj: RelataEvent; type(): EventType; event(): string | undefined }
  /** Passes the payload on. Not calling it, or calling it with `null`, drops the event. */
  next: (payload: { obj: RelataEvent } | null) => void
  integrations: Record<string, boolean>
}

export type SourceMiddleware = (input: MiddlewareInput) => void

type Payload = { obj: RelataEvent } | null | undefined

/**
 * Runs `chain`, the source middleware in the order added; each decides whether and how the
 * event goes on. Resolves with the event to queue, or null when a middleware dropped it.
 */
export function runMiddleware(chain: readonly SourceMiddleware[], event: RelataEvent): Promise<RelataEvent | null> {
  // Pages share one context object between events: a middleware gets its own copy to change.
  let passed = Promise.resolve<Payload>({ obj: { ...event, context: JSON.parse(JSON.stringify(event.context)) } })
  for (const middleware of chain) {
    // `next` resolves a promise, so only its first call counts
    passed = passed.then((payload) => payload?.obj && new Promise<Payload>((next) => {
      try {
        middleware({ payload: payloadOf(payload.obj), next, integrations: payload.obj.integrations })
      } catch (error) {
        // a middleware's bug must not lose the event
        console.error('relata: a source middleware threw; the event goes on as it was', error)
        next(payload)
      }
    }))
  }
  return passed.then((payload) => payload?.obj ?? null)
}

/** A payload as Segment's middleware reads it; built per middleware, as one may pass on a plain `{ obj }`. */
function payloadOf(obj: RelataEvent): MiddlewareInput['payload'] {
  return {
    obj,
    type() {
      return this.obj.type
    },
    event() {
      return this.obj.event
    },
  }
}
