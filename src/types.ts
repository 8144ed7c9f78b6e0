/** A JSON object of traits or properties. */
export type JsonObject = Record<string, unknown>

export type EventType = 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias'

/** Per-call options, as analytics.js accepts them. Unknown keys are merged into `context`. */
export interface CallOptions {
  /** Turn destinations on or off for this event, e.g. `{ 'Customer.io Data Pipelines': true }`. */
  integrations?: Record<string, boolean>
  /** Overrides the event's time: a Date, an ISO-8601 string or epoch milliseconds. */
  timestamp?: Date | string | number
  /** Overrides the anonymousId for this event only. */
  anonymousId?: string
  /** Merged into the event's context. */
  context?: JsonObject
  [key: string]: unknown
}

/** An object type id: a positive integer, as a number or a numeric string. */
export type ObjectTypeId = number | `${number}`

/** How `relate()` describes the object and the person's relationship to it. */
export interface RelateOptions {
  /** The object's type; Customer.io assumes 1 when absent. */
  objectTypeId?: ObjectTypeId
  /** Attributes of the relationship, e.g. `{ role: 'admin' }`. */
  attributes?: JsonObject
  /** Attributes of the object itself, e.g. `{ name: 'Acme' }`. */
  objectAttributes?: JsonObject
}

export interface ObjectOptions {
  /** The object's type; Customer.io assumes 1 when absent. */
  objectTypeId?: ObjectTypeId
}

export interface DeviceOptions {
  /** The push platform; Customer.io's API accepts `'ios'` and `'android'`. */
  type?: 'ios' | 'android'
  /** Attributes of the device, sent as the event's properties. */
  attributes?: JsonObject
}

/** Called after the event was accepted (`error` null) or rejected. */
export type Callback = (error: Error | null, event?: RelataEvent) => void

/** An event as it is sent to Data Pipelines. */
export interface RelataEvent {
  type: EventType
  messageId: string
  timestamp: string
  anonymousId: string
  userId?: string
  event?: string
  name?: string
  groupId?: string
  previousId?: string
  traits?: JsonObject
  properties?: JsonObject
  integrations: Record<string, boolean>
  context: JsonObject
}

export interface LoadOptions {
  /** Your Data Pipelines source write key. */
  writeKey: string
  /** Base URL of the API, e.g. `https://cdp.customer.io/v1`. A value without a scheme means https. */
  apiHost?: string
  /** `'us'` (default) or `'eu'`; ignored when `apiHost` is given. */
  region?: 'us' | 'eu'
  /** Read as Customer.io's npm package reads it: `'https://cdp-eu.customer.io'` means `region: 'eu'`. */
  cdnURL?: string
  /** Send a batch as soon as this many events wait. Default 20. */
  flushAt?: number
  /** Send waiting events after this many milliseconds. Default 2000. */
  flushInterval?: number
  /** Turn ISO-8601 date-time strings (with an offset) and Dates in traits and properties into Unix seconds. */
  convertTimestamps?: boolean
  /** Most events kept waiting; past it the oldest are dropped and reported. Default 10,000. */
  maxQueuedEvents?: number
  /** Most bytes kept waiting; past it the oldest are dropped and reported. Default 10 MB. */
  maxQueuedBytes?: number
  /** Events older than this many milliseconds are dropped and reported. Default 7 days. */
  maxEventAge?: number
  /** Log each decision to the console. */
  debug?: boolean
}
