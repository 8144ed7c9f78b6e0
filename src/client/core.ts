import type { ClientEvents, Listener } from '../emitter'
import type { IdentityChange } from '../identity/identity'
import { groupPayload, splitIdentifyTraits } from '../objects/group-traits'
import { semanticProperties } from '../objects/semantic-events'
import type { Callback, CallOptions, JsonObject, RelataEvent } from '../types'
import { categoryAndName, requireName, splitArguments } from './arguments'
import { pipelineFor, type ClientParts, type Pipeline } from './pipeline'

/** The current visitor, as analytics.js exposes it. */
export interface User {
  id(): string | null
  anonymousId(): string
  traits(): JsonObject
}

/** The visitor's group, as analytics.js exposes it. */
export interface Group {
  id(): string | null
  traits(): JsonObject
}

/** The analytics.js calls and the client's own controls; `Analytics` adds the rest. */
export class AnalyticsCore {
  // `declare`: the constructor sets both, so no class field needs to be emitted
  declare protected readonly _parts: ClientParts
  /** @internal Also reports calls refused outside `_capture()`, e.g. by the legacy `_cio` facade. */
  declare readonly _pipeline: Pipeline
  /** @internal Set by `load()` in a browser: stops the sender and removes its page listeners. */
  declare _close?: (() => void) | undefined

  constructor(parts: ClientParts) {
    this._parts = parts
    this._pipeline = pipelineFor(parts)
  }

  /**
   * Says who the visitor is. Without a userId the traits are kept and sent with the next
   * identify that has one.
   * @example analytics.identify('user-42', { email: 'ada@example.com', plan: 'pro' })
   */
  identify(userId?: string | number | null, traits?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  identify(traits?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  identify(...args: unknown[]): Promise<RelataEvent> {
    const [strings, objects, callback] = splitArguments(args, 1)
    let change: IdentityChange | undefined
    return this._pipeline._capture(
      'identify',
      () => {
        const [person, relation] = splitIdentifyTraits(objects[0] ?? {})
        change = this._parts._identity._planIdentify(strings[0] ?? null, person)
        return { ...change._ids, traits: { ...change.traits, ...relation } }
      },
      objects[1],
      callback,
      () => change?._apply(),
    )
  }

  /**
   * Records something the visitor did.
   * @example analytics.track('Course Started', { course: 'math101' })
   */
  track(event: string, properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  track(...args: unknown[]): Promise<RelataEvent> {
    const [strings, objects, callback] = splitArguments(args, 1)
    return this._pipeline._capture('track', (context) => {
      const event = requireName(strings[0], 'track event name', "analytics.track('Signed Up')")
      return { event, properties: semanticProperties(event, objects[0] ?? {}, this._parts._identity._state.userId, context) }
    }, objects[1], callback)
  }

  /**
   * Records a page view. Page fields (url, path, title, …) are added to the properties.
   * @example analytics.page('Docs', 'Install', { section: 'npm' })
   */
  page(category?: string | null, name?: string | null, properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  page(name?: string | null, properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  page(properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  page(...args: unknown[]): Promise<RelataEvent> {
    const [strings, objects, callback] = splitArguments(args, 2)
    const [category, name] = categoryAndName(strings)
    return this._pipeline._capture('page', (context) => {
      const properties: JsonObject = { ...(context.page as JsonObject | undefined), ...objects[0] }
      if (category) properties.category = category
      if (name) properties.name = name
      return name ? { name, properties } : { properties }
    }, objects[1], callback)
  }

  /**
   * Records a screen view; takes the same arguments as `page()`.
   * @example analytics.screen('Settings', { tab: 'billing' })
   */
  screen(category?: string | null, name?: string | null, properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  screen(name?: string | null, properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  screen(properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  screen(...args: unknown[]): Promise<RelataEvent> {
    const [strings, objects, callback] = splitArguments(args, 2)
    const [category, name] = categoryAndName(strings)
    return this._pipeline._capture('screen', () => {
      const properties: JsonObject = { ...objects[0] }
      if (category) properties.category = category
      return name ? { name, properties } : { properties }
    }, objects[1], callback)
  }

  /**
   * Relates the visitor to a group, which Customer.io calls an object.
   * @example analytics.group('acme', { name: 'Acme Inc.', objectTypeId: '1' })
   */
  group(groupId: string | number, traits?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  /**
   * Without arguments, the visitor's current group, as analytics.js returns it.
   * @example analytics.group().id()
   */
  group(): Group
  group(...args: unknown[]): Promise<RelataEvent> | Group {
    if (!args.length) {
      const state = this._parts._identity._state
      return { id: () => state.groupId, traits: () => ({ ...state.groupTraits }) }
    }
    const [strings, objects, callback] = splitArguments(args, 1)
    let apply: (() => void) | undefined
    return this._pipeline._capture(
      'group',
      () => {
        const payload = groupPayload(strings[0], objects[0] ?? {}, objects[1]?.objectTypeId)
        const { relationshipAttributes, ...groupTraits } = payload.traits
        apply = this._parts._identity._planGroup(payload.groupId, groupTraits)
        return payload
      },
      objects[1],
      callback,
      () => apply?.(),
    )
  }

  /**
   * Merges `previousId` (by default the current user, else the anonymous visitor) into `userId`.
   * @example analytics.alias('user-42')
   */
  alias(userId: string | number, previousId?: string | number | null, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  alias(...args: unknown[]): Promise<RelataEvent> {
    const [strings, objects, callback] = splitArguments(args, 2)
    return this._pipeline._capture('alias', () => {
      const state = this._parts._identity._state
      return {
        userId: requireName(strings[0], 'alias userId', "analytics.alias('user-42')"),
        previousId: strings[1] ?? state.userId ?? state.anonymousId,
      }
    }, objects[0], callback)
  }

  /**
   * Forgets the current user, traits and group, and starts a new anonymous visitor.
   * Events already queued are still delivered.
   * @example analytics.reset()
   */
  reset(): void {
    this._parts._identity.reset()
    this._parts._emitter._emit('reset')
  }

  /**
   * The current visitor.
   * @example analytics.user().anonymousId()
   */
  user(): User {
    const state = this._parts._identity._state
    return { id: () => state.userId, anonymousId: () => state.anonymousId, traits: () => ({ ...state.traits }) }
  }

  /**
   * Replaces the anonymous id, e.g. with one from your server.
   * @example analytics.setAnonymousId('5f1b…')
   */
  setAnonymousId(id: string): void {
    this._parts._identity._setAnonymousId(requireName(id, 'setAnonymousId id', "analytics.setAnonymousId('abc')"))
  }

  /**
   * Sends what is queued now. Resolves when this attempt is over: the events are delivered,
   * dropped as undeliverable, or kept in the queue to be sent again later.
   * @example await analytics.flush()
   */
  async flush(): Promise<void> {
    await this._parts._intake._settled()
    await this._parts._sender?.flush()
  }

  /**
   * Listens to delivery (`'delivered'`, `'error'`), and to each accepted call by its name
   * (`'track'`, `'page'`, `'identify'`, …, and `'reset'`) with analytics.js's arguments.
   * @example analytics.on('error', ({ error }) => console.warn(error.message))
   * @example analytics.on('track', (event, properties) => console.log(event, properties))
   */
  on<K extends keyof ClientEvents>(name: K, listener: Listener<K>): void {
    this._parts._emitter.on(name, listener)
  }

  /** @example analytics.off('error', onError) */
  off<K extends keyof ClientEvents>(name: K, listener: Listener<K>): void {
    this._parts._emitter.off(name, listener)
  }

  /**
   * Logs each decision (event accepted or refused, batch sent, retry) to the console.
   * @example analytics.debug(true)
   */
  debug(on = true): void {
    this._parts._log._enabled = on
  }

  /**
   * Stops timers and removes page listeners. Queued events stay queued.
   * @example analytics.close()
   */
  close(): void {
    // a second close() has nothing left to stop
    this._close?.()
    this._close = undefined
  }
}
