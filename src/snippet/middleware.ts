import type { RelataEvent } from '../types'

/** What a source middleware receives, as in Segment's analytics.js. */
export interface MiddlewareInput {
  /** `payload.obj` is the event about to be queued; change it in place or pass a new payload. */
  payload: { obj: RelataEvent }
  /** Passes the payload on. Not calling it, or calling it with `null`, drops the event. */
  next: (payload: { obj: RelataEvent } | null) => void
  integrations: Record<string, boolean>
}

export type SourceMiddleware = (input: MiddlewareInput) => void

/** Source middleware in the order added; each decides whether and how the event goes on. */
export class SourceMiddlewareChain {
  private readonly list: SourceMiddleware[] = []

  add(middleware: SourceMiddleware): void {
    this.list.push(middleware)
  }

  /** Resolves with the event to queue, or null when a middleware dropped it. */
  run(event: RelataEvent): Promise<RelataEvent | null> {
    return new Promise((resolve) => {
      const step = (index: number, payload: { obj: RelataEvent } | null | undefined): void => {
        const middleware = this.list[index]
        if (!payload?.obj || !middleware) return resolve(payload?.obj ?? null)
        let passed = false
        const next = (nextPayload: { obj: RelataEvent } | null) => {
          if (passed) return
          passed = true
          step(index + 1, nextPayload)
        }
        try {
          middleware({ payload, next, integrations: payload.obj.integrations })
        } catch (error) {
          // a middleware's bug must not lose the event
          console.error('relata: a source middleware threw; the event goes on as it was', error)
          next(payload)
        }
      }
      // Pages share one context object between events: a middleware gets its own copy to change.
      step(0, { obj: { ...event, context: JSON.parse(JSON.stringify(event.context)) } })
    })
  }
}
