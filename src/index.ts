export { AnalyticsBrowser, load } from './load'
export { Analytics } from './client/client'
export type { Group, User } from './client/client'
export { RelataError, ValidationError, DeliveryError } from './errors'
export type { ClientEvents, DeliveredInfo, ErrorInfo, Listener } from './emitter'
export type {
  Callback,
  CallOptions,
  DeviceOptions,
  EventType,
  JsonObject,
  LoadOptions,
  ObjectOptions,
  ObjectTypeId,
  RelataEvent,
  RelateOptions,
} from './types'
export type { Elements, PerElement } from './snippet/links'
export type { MiddlewareInput, SourceMiddleware } from './snippet/middleware'
export { version } from './version'
