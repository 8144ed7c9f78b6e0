import type { ClientEvents, Listener } from '../emitter'
import { ValidationError } from '../errors'
import { groupPayload } from '../objects/group-traits'
import { semanticEvents } from '../objects/semantic-events'
import { trackClicks, trackSubmits, valueFor, type Elements, type PerElement } from '../snippet/links'
import type { SourceMiddleware } from '../snippet/middleware'
import { pageAt } from '../snippet/page'
import type { DeviceOptions, JsonObject, ObjectOptions, RelataEvent, RelateOptions } from '../types'
import { AnalyticsCore } from './core'

export type { Group, User } from './core'

/**
 * A loaded relata client: the analytics.js calls, Customer.io's object and relationship
 * helpers, and what Segment's snippet defines. Every call returns a Promise of the event it
 * accepted.
 */
export class Analytics extends AnalyticsCore {
  /**
   * Relates the identified person to an object (a group call), with attributes of the
   * relationship and, optionally, of the object.
   * @example analytics.relate('acme', { objectTypeId: 1, attributes: { role: 'admin' }, objectAttributes: { name: 'Acme' } })
   */
  relate(objectId: string, options: RelateOptions = {}): Promise<RelataEvent> {
    return this._pipeline._capture('group', () => {
      if (this._parts._identity._state.userId === null) {
        throw new ValidationError('relate()', 'needs an identified person', 'Call identify(userId) first, or use group() to update only the object.')
      }
      const { objectTypeId, attributes, objectAttributes } = options
      return groupPayload(objectId, { ...objectAttributes, objectTypeId, relationshipAttributes: attributes })
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
    // An undefined type is left out, as JSON leaves out undefined values.
    return this.track(semanticEvents.deviceUpdated, options.attributes, { context: { device: { token, type: options.type } } })
  }

  /**
   * Removes a push device (`Device Deleted`).
   * @example analytics.deleteDevice(fcmToken)
   */
  deleteDevice(token: string): Promise<RelataEvent> {
    return this.track(semanticEvents.deviceDeleted, {}, { context: { device: { token } } })
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
    const first: Listener<K> = (...args) => {
      this.off(name, first)
      listener(...args)
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
  trackLink(links: Elements, event: PerElement<string>, properties?: PerElement<JsonObject>): void {
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
  trackForm(forms: Elements, event: PerElement<string>, properties?: PerElement<JsonObject>): void {
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
  async addSourceMiddleware(middleware: SourceMiddleware): Promise<void> {
    if (typeof middleware != 'function') {
      throw new ValidationError('addSourceMiddleware() middleware', 'is not a function', 'Pass one, e.g. addSourceMiddleware(({ payload, next }) => next(payload)).')
    }
    this._pipeline._middleware.push(middleware)
  }

  /** Accepted and ignored: relata sends to Data Pipelines only, so there are no integrations. */
  addIntegrationMiddleware(): void {
    this._ignored('addIntegrationMiddleware')
  }

  /** Accepted and ignored: relata has no destinations in the browser. */
  addDestinationMiddleware(): void {
    this._ignored('addDestinationMiddleware')
  }

  /** Accepted and ignored: relata's pipeline is fixed and takes no plugins. */
  async register(): Promise<void> {
    this._ignored('register')
  }

  private _ignored(method: string): void {
    this._parts._log.debug(`${method}() does nothing: relata sends to Data Pipelines only`)
  }
}
