import type { Config } from '../config'
import { callSafely, type Emitter } from '../emitter'
import { RelataError } from '../errors'
import { buildEvent, type EventFields } from '../event/build'
import type { ContextCache } from '../event/page-context'
import { toRecord } from '../event/serialize'
import type { Identity } from '../identity/identity'
import type { Intake } from '../delivery/intake'
import type { OutboxRecord } from '../delivery/outbox'
import type { Sender } from '../delivery/sender-parts'
import type { Logger } from '../log'
import { contextRelation } from '../objects/group-traits'
import { runMiddleware, type SourceMiddleware } from '../snippet/middleware'
import { replaying } from '../snippet/page'
import type { Callback, CallOptions, EventType, JsonObject, RelataEvent } from '../types'
import { optionsFrom } from './arguments'
import { emitCall } from './call-events'

/** The parts a client is made of; `load()` assembles them. */
export interface ClientParts {
  _config: Config
  _identity: Identity
  _contexts: ContextCache
  _intake: Intake
  _sender: Sender | null
  _emitter: Emitter
  _log: Logger
}

export interface Pipeline {
  /** The source middleware in the order added: `addSourceMiddleware()` pushes to it. */
  readonly _middleware: SourceMiddleware[]
  /**
   * `fieldsFor` supplies what the method contributes; `onAccepted` runs once the event has
   * passed every check (an identify stores the new identity there).
   */
  _capture(
    type: EventType,
    fieldsFor: (context: JsonObject) => EventFields,
    options?: JsonObject,
    callback?: Callback,
    onAccepted?: () => void,
  ): Promise<RelataEvent>
  /** Reports a refused call to the `'error'` listeners and the callback, and rejects. */
  _refuse(type: EventType, error: unknown, callback?: Callback): Promise<never>
}

/**
 * What every call goes through: build the event, check it, pass it through source
 * middleware if any, and hand it to the intake; or refuse it, telling the caller how.
 */
export function pipelineFor({ _identity: identity, _contexts: contexts, _log: log, _config: config, _intake: intake, _emitter: emitter }: ClientParts): Pipeline {
  const middleware: SourceMiddleware[] = []

  const refuse = (type: EventType, error: unknown, callback: Callback | undefined): Promise<never> => {
    const relataError = error instanceof RelataError ? error : new RelataError(`relata: ${type} failed: ${String(error)}`)
    log.debug(relataError.message)
    emitter._emit('error', { error: relataError, reason: 'validation', count: 1, messageIds: [] })
    callSafely(callback, relataError)
    return Promise.reject(relataError)
  }

  const queue = (record: OutboxRecord, event: RelataEvent, options: CallOptions, callback: Callback | undefined): Promise<RelataEvent> => {
    // The message is built only when it is shown: this runs for every call.
    if (log._enabled) log.debug(`accepted ${event.type}`, event)
    return intake.add(record).then(() => {
      callSafely(callback, null, event)
      emitCall(emitter, event, options)
      return event
    })
  }

  // Source middleware may change the event, which is then checked again.
  const passThrough = async (event: RelataEvent, options: CallOptions, callback: Callback | undefined): Promise<RelataEvent> => {
    try {
      const kept = await runMiddleware(middleware, event)
      if (!kept) {
        log.debug(`a source middleware dropped ${event.type}`, event)
        callSafely(callback, null, event)
        return event
      }
      // Returned, not awaited: a failed outbox write rejects the call without refusing it.
      return queue(toRecord(kept), kept, options, callback)
    } catch (error) {
      return refuse(event.type, error, callback)
    }
  }

  return {
    _refuse: refuse,
    _middleware: middleware,
    _capture(type, fieldsFor, options, callback, onAccepted) {
      const callOptions = optionsFrom(options)
      // Taken by this call's event alone: not by an event the page's listeners make while it runs.
      const recorded = replaying.page
      replaying.page = undefined
      try {
        const event = buildEvent(type, contextRelation(callOptions, type), identity._state, contexts, fieldsFor, config.convertTimestamps, recorded)
        const record = toRecord(event)
        onAccepted?.()
        // Neither throws: what goes wrong after this point rejects the promise they return.
        return middleware[0] ? passThrough(event, callOptions, callback) : queue(record, event, callOptions, callback)
      } catch (error) {
        return refuse(type, error, callback)
      }
    },
  }
}
