import type { Config } from '../config'
import { callSafely, type Emitter } from '../emitter'
import { RelataError } from '../errors'
import { buildEvent, type EventFields } from '../event/build'
import type { ContextCache } from '../event/page-context'
import { toRecord } from '../event/serialize'
import type { Identity } from '../identity/identity'
import type { Intake } from '../delivery/intake'
import type { OutboxRecord } from '../delivery/outbox'
import type { Sender } from '../delivery/sender'
import type { Logger } from '../log'
import { contextRelation } from '../objects/group-traits'
import { SourceMiddlewareChain, type SourceMiddleware } from '../snippet/middleware'
import type { Callback, EventType, JsonObject, RelataEvent } from '../types'
import { optionsFrom } from './arguments'

/** The parts a client is made of; `load()` assembles them. */
export interface ClientParts {
  config: Config
  identity: Identity
  contexts: ContextCache
  intake: Intake
  sender: Sender | null
  emitter: Emitter
  log: Logger
}

/**
 * What every call goes through: build the event, check it, pass it through source
 * middleware if any, and hand it to the intake; or refuse it, telling the caller how.
 */
export class Pipeline {
  private middleware: SourceMiddlewareChain | null = null

  constructor(private readonly parts: ClientParts) {}

  addMiddleware(middleware: SourceMiddleware): void {
    ;(this.middleware ??= new SourceMiddlewareChain()).add(middleware)
  }

  /**
   * `fieldsFor` supplies what the method contributes; `onAccepted` runs once the event has
   * passed every check (an identify stores the new identity there).
   */
  capture(
    type: EventType,
    callback: Callback | undefined,
    options: JsonObject | undefined,
    fieldsFor: (context: JsonObject) => EventFields,
    onAccepted?: () => void,
  ): Promise<RelataEvent> {
    const { identity, contexts, log, config } = this.parts
    const middleware = this.middleware
    let event: RelataEvent
    let record: OutboxRecord
    try {
      event = buildEvent(type, contextRelation(optionsFrom(options), type), identity.state, contexts, fieldsFor, config.convertTimestamps)
      record = toRecord(event)
      onAccepted?.()
    } catch (error) {
      return this.refuse(type, error, callback)
    }
    // Source middleware may change the event, which is then checked again.
    if (middleware) return this.passThrough(middleware, event, callback)
    if (log.enabled) log.debug(`accepted ${type}`, event)
    return this.queue(record, event, callback)
  }

  /** Reports a refused call to the `'error'` listeners and the callback, and rejects. */
  refuse(type: EventType, error: unknown, callback: Callback | undefined): Promise<never> {
    const relataError = error instanceof RelataError ? error : new RelataError(`relata: ${type} failed: ${String(error)}`)
    this.parts.log.debug(relataError.message)
    this.parts.emitter.emit('error', { error: relataError, reason: 'validation', count: 1, messageIds: [] })
    callSafely(callback, relataError)
    return Promise.reject(relataError)
  }

  private queue(record: OutboxRecord, event: RelataEvent, callback: Callback | undefined): Promise<RelataEvent> {
    return this.parts.intake.add(record).then(() => {
      callSafely(callback, null, event)
      return event
    })
  }

  private async passThrough(middleware: SourceMiddlewareChain, event: RelataEvent, callback: Callback | undefined): Promise<RelataEvent> {
    let kept: RelataEvent | null
    try {
      kept = await middleware.run(event)
    } catch (error) {
      return this.refuse(event.type, error, callback)
    }
    if (!kept) {
      this.parts.log.debug(`a source middleware dropped ${event.type}`, event)
      callSafely(callback, null, event)
      return event
    }
    let record
    try {
      record = toRecord(kept)
    } catch (error) {
      return this.refuse(event.type, error, callback)
    }
    this.parts.log.debug(`accepted ${kept.type}`, kept)
    return this.queue(record, kept, callback)
  }
}
