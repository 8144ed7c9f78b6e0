import type { ClientEvents, Listener } from '../emitter'
import { ValidationError } from '../errors'
import type { IdentityChange } from '../identity/identity'
import { groupPayload, splitIdentifyTraits } from '../objects/group-traits'
import { semanticEvents, semanticProperties } from '../objects/semantic-events'
import { trackClicks, trackSubmits, valueFor, type Elements, type PerElement } from '../snippet/links'
import type { SourceMiddleware } from '../snippet/middleware'
import { pageAt } from '../snippet/page'
import type { Callback, CallOptions, DeviceOptions, EventType, JsonObject, ObjectOptions, RelataEvent, RelateOptions } from '../types'
import { optionsFrom, requireName, splitArguments } from './arguments'
import { Pipeline, type ClientParts } from './pipeline'

/** The current visitor, as analytics.js exposes it. */
export interface User {
  id(): string | null
  anonymousId(): string
  traits(): JsonObject
}

/** A loaded relata client. Every call returns a Promise of the event it accepted. */
export class Analytics {
  private readonly closers: Array<() => void> = []
  private readonly pipeline: Pipeline

  constructor(private readonly parts: ClientParts) {
    this.pipeline = new Pipeline(parts)
  }

  /**
   * Says who the visitor is. Without a userId the traits are kept and sent with the next
   * identify that has one.
   * @example analytics.identify('user-42', { email: 'ada@example.com', plan: 'pro' })
   */
  identify(userId?: string | number | null, traits?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  identify(traits?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  identify(...args: unknown[]): Promise<RelataEvent> {
    const { strings, objects, callback } = splitArguments(args, 1)
    let change: IdentityChange | undefined
    return this.pipeline.capture(
      'identify',
      callback,
      objects[1],
      () => {
        const { person, relation } = splitIdentifyTraits(objects[0] ?? {})
        change = this.parts.identity.planIdentify(strings[0] ?? null, person)
        return { ...change.ids, traits: { ...change.traits, ...relation } }
      },
      () => change?.apply(),
    )
  }

  /**
   * Records something the visitor did.
   * @example analytics.track('Course Started', { course: 'math101' })
   */
  track(event: string, properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  track(...args: unknown[]): Promise<RelataEvent> {
    const { strings, objects, callback } = splitArguments(args, 1)
    return this.pipeline.capture('track', callback, objects[1], (context) => {
      const event = requireName(strings[0], 'track event name', "analytics.track('Signed Up')")
      return { event, properties: semanticProperties(event, objects[0] ?? {}, this.parts.identity.state.userId, context) }
    })
  }

  /**
   * Records a page view. Page fields (url, path, title, …) are added to the properties.
   * @example analytics.page('Docs', 'Install', { section: 'npm' })
   */
  page(category?: string | null, name?: string | null, properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  page(name?: string | null, properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  page(properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  page(...args: unknown[]): Promise<RelataEvent> {
    const { strings, objects, callback } = splitArguments(args, 2)
    const [category, name] = strings.length === 2 ? strings : [null, strings[0] ?? null]
    return this.pipeline.capture('page', callback, objects[1], (context) => {
      const properties: JsonObject = { ...(context.page as JsonObject | undefined), ...objects[0] }
      if (category) properties.category = category
      if (name) properties.name = name
      return name ? { name, properties } : { properties }
    })
  }

  /**
   * Records a screen view.
   * @example analytics.screen('Settings', { tab: 'billing' })
   */
  screen(name: string, properties?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  screen(...args: unknown[]): Promise<RelataEvent> {
    const { strings, objects, callback } = splitArguments(args, 1)
    return this.pipeline.capture('screen', callback, objects[1], () => {
      const name = strings[0]
      return name ? { name, properties: objects[0] ?? {} } : { properties: objects[0] ?? {} }
    })
  }

  /**
   * Relates the visitor to a group, which Customer.io calls an object.
   * @example analytics.group('acme', { name: 'Acme Inc.', objectTypeId: '1' })
   */
  group(groupId: string | number, traits?: JsonObject, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  group(...args: unknown[]): Promise<RelataEvent> {
    const { strings, objects, callback } = splitArguments(args, 1)
    let apply: (() => void) | undefined
    return this.pipeline.capture(
      'group',
      callback,
      objects[1],
      () => {
        const payload = groupPayload(strings[0], objects[0] ?? {}, optionsFrom(objects[1]))
        const { relationshipAttributes, ...groupTraits } = payload.traits
        apply = this.parts.identity.planGroup(payload.groupId, groupTraits)
        return payload
      },
      () => apply?.(),
    )
  }

  /**
   * Merges `previousId` (by default the current user, else the anonymous visitor) into `userId`.
   * @example analytics.alias('user-42')
   */
  alias(userId: string | number, previousId?: string | number | null, options?: CallOptions, callback?: Callback): Promise<RelataEvent>
  alias(...args: unknown[]): Promise<RelataEvent> {
    const { strings, objects, callback } = splitArguments(args, 2)
    return this.pipeline.capture('alias', callback, objects[0], () => {
      const state = this.parts.identity.state
      return {
        userId: requireName(strings[0], 'alias userId', "analytics.alias('user-42')"),
        previousId: strings[1] ?? state.userId ?? state.anonymousId,
      }
    })
  }

  /**
   * Relates the identified person to an object (a group call), with attributes of the
   * relationship and, optionally, of the object.
   * @example analytics.relate('acme', { objectTypeId: 1, attributes: { role: 'admin' }, objectAttributes: { name: 'Acme' } })
   */
  relate(objectId: string, options: RelateOptions = {}): Promise<RelataEvent> {
    return this.pipeline.capture('group', undefined, undefined, () => {
      this.requireUser('relate')
      const { objectTypeId, attributes, objectAttributes } = options
      return groupPayload(objectId, { ...objectAttributes, objectTypeId, relationshipAttributes: attributes }, {})
    })
  }

  /**
   * Ends the identified person's relationship to an object (`Relationship Deleted`).
   * @example analytics.unrelate('acme', { objectTypeId: 1 })
   */
  unrelate(objectId: string, options: ObjectOptions = {}): Promise<RelataEvent> {
    return this.track(semanticEvents.relationshipDeleted, { objectId, objectTypeId: options.objectTypeId })
  }

  /**
   * Deletes an object and all its relationships (`Object Deleted`).
   * @example analytics.deleteObject('acme', { objectTypeId: 1 })
   */
  deleteObject(objectId: string, options: ObjectOptions = {}): Promise<RelataEvent> {
    return this.track(semanticEvents.objectDeleted, { objectId, objectTypeId: options.objectTypeId })
  }

  /**
   * Deletes the identified person (`User Deleted`).
   * @example analytics.deletePerson()
   */
  deletePerson(): Promise<RelataEvent> {
    return this.track(semanticEvents.userDeleted)
  }

  /**
   * Suppresses the identified person: Customer.io stops messaging them (`User Suppressed`).
   * @example analytics.suppress()
   */
  suppress(): Promise<RelataEvent> {
    return this.track(semanticEvents.userSuppressed)
  }

  /**
   * Lifts a suppression (`User Unsuppressed`).
   * @example analytics.unsuppress()
   */
  unsuppress(): Promise<RelataEvent> {
    return this.track(semanticEvents.userUnsuppressed)
  }

  /**
   * Adds or updates a push device of the identified person (`Device Created or Updated`).
   * @example analytics.addDevice(fcmToken, { type: 'android', attributes: { app_version: '2.1' } })
   */
  addDevice(token: string, options: DeviceOptions = {}): Promise<RelataEvent> {
    const device = options.type === undefined ? { token } : { token, type: options.type }
    return this.track(semanticEvents.deviceUpdated, options.attributes ?? {}, { context: { device } })
  }

  /**
   * Removes a push device (`Device Deleted`).
   * @example analytics.deleteDevice(fcmToken)
   */
  deleteDevice(token: string): Promise<RelataEvent> {
    return this.track(semanticEvents.deviceDeleted, {}, { context: { device: { token } } })
  }

  /**
   * Forgets the current user, traits and group, and starts a new anonymous visitor.
   * Events already queued are still delivered.
   * @example analytics.reset()
   */
  reset(): void {
    this.parts.identity.reset()
  }

  /**
   * The current visitor.
   * @example analytics.user().anonymousId()
   */
  user(): User {
    const state = this.parts.identity.state
    return { id: () => state.userId, anonymousId: () => state.anonymousId, traits: () => ({ ...state.traits }) }
  }

  /**
   * Replaces the anonymous id, e.g. with one from your server.
   * @example analytics.setAnonymousId('5f1b…')
   */
  setAnonymousId(id: string): void {
    this.parts.identity.setAnonymousId(requireName(id, 'setAnonymousId id', "analytics.setAnonymousId('abc')"))
  }

  /**
   * Sends what is queued now. Resolves when this attempt is over: the events are delivered,
   * dropped as undeliverable, or kept in the queue to be sent again later.
   * @example await analytics.flush()
   */
  async flush(): Promise<void> {
    await this.parts.intake.settled()
    await this.parts.sender?.flush()
  }

  /**
   * Listens to `'delivered'` and `'error'`.
   * @example analytics.on('error', ({ error }) => console.warn(error.message))
   */
  on<K extends keyof ClientEvents>(name: K, listener: Listener<K>): void {
    this.parts.emitter.on(name, listener)
  }

  /** @example analytics.off('error', onError) */
  off<K extends keyof ClientEvents>(name: K, listener: Listener<K>): void {
    this.parts.emitter.off(name, listener)
  }

  /**
   * Logs each decision (event accepted or refused, batch sent, retry) to the console.
   * @example analytics.debug(true)
   */
  debug(on = true): void {
    this.parts.log.enabled = on
  }

  // Snippet compatibility: what Segment's v5 stub defines, so buffered calls all mean something.

  /**
   * Calls `callback` once the client takes calls, which is at once; resolves likewise.
   * @example analytics.ready(() => console.log('relata loaded'))
   */
  ready(callback?: () => void): Promise<void> {
    return Promise.resolve().then(callback)
  }

  /**
   * Like `on()`, for the first occurrence only.
   * @example analytics.once('delivered', ({ count }) => console.log(count))
   */
  once<K extends keyof ClientEvents>(name: K, listener: Listener<K>): void {
    const first: Listener<K> = (info) => {
      this.off(name, first)
      listener(info)
    }
    this.on(name, first)
  }

  /**
   * analytics.js v1's page view, optionally for another URL.
   * @example analytics.pageview('/checkout')
   */
  pageview(url?: string): Promise<RelataEvent> {
    return this.page({}, url ? { context: { page: pageAt(url) } } : {})
  }

  /**
   * Tracks clicks on links; a link opening in this tab navigates once the event is queued
   * durably (300 ms at most).
   * @example analytics.trackLink(document.querySelectorAll('a.signup'), 'Signup Clicked', { plan: 'pro' })
   */
  trackLink(links: Elements, event: PerElement<string>, properties: PerElement<JsonObject> = {}): void {
    trackClicks(links, (element) => this.track(valueFor(event, element), valueFor(properties, element)))
  }

  /** @example analytics.trackClick(button, 'Play Clicked') */
  trackClick(links: Elements, event: PerElement<string>, properties?: PerElement<JsonObject>): void {
    this.trackLink(links, event, properties)
  }

  /**
   * Tracks form submits; the form is submitted once the event is queued durably (300 ms at most).
   * @example analytics.trackForm(document.getElementById('signup'), 'Signed Up')
   */
  trackForm(forms: Elements, event: PerElement<string>, properties: PerElement<JsonObject> = {}): void {
    trackSubmits(forms, (element) => this.track(valueFor(event, element), valueFor(properties, element)))
  }

  /** @example analytics.trackSubmit(form, 'Signed Up') */
  trackSubmit(forms: Elements, event: PerElement<string>, properties?: PerElement<JsonObject>): void {
    this.trackForm(forms, event, properties)
  }

  /**
   * Segment's source middleware: sees each event before it is queued, and changes it, or
   * drops it by not calling `next`.
   * @example analytics.addSourceMiddleware(({ payload, next }) => { payload.obj.context.app = 'web'; next(payload) })
   */
  addSourceMiddleware(middleware: SourceMiddleware): Promise<void> {
    this.pipeline.addMiddleware(middleware)
    return Promise.resolve()
  }

  /** Accepted and ignored: relata sends to Data Pipelines only, so there are no integrations. */
  addIntegrationMiddleware(): void {
    this.ignored('addIntegrationMiddleware')
  }

  /** Accepted and ignored: relata has no destinations in the browser. */
  addDestinationMiddleware(): void {
    this.ignored('addDestinationMiddleware')
  }

  /** Accepted and ignored: relata's pipeline is fixed and takes no plugins. */
  register(): Promise<void> {
    this.ignored('register')
    return Promise.resolve()
  }

  /** @internal Reports a call refused outside `capture()`, e.g. by the legacy `_cio` facade. */
  refuseCall(type: EventType, error: unknown): Promise<never> {
    return this.pipeline.refuse(type, error, undefined)
  }

  private ignored(method: string): void {
    this.parts.log.debug(`${method}() is not supported and does nothing: relata has one fixed destination, Data Pipelines`)
  }

  /**
   * Stops timers and removes page listeners. Queued events stay queued.
   * @example analytics.close()
   */
  close(): void {
    for (const close of this.closers.splice(0)) close()
  }

  /** @internal Registers cleanup for `close()`. */
  onClose(close: () => void): void {
    this.closers.push(close)
  }

  private requireUser(method: string): void {
    if (this.parts.identity.state.userId === null) {
      throw new ValidationError(`${method}()`, 'needs an identified person', 'Call identify(userId) first, or use group() to update only the object.')
    }
  }
}
