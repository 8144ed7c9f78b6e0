import { isObject } from '../client/arguments'
import { hasScheme } from '../config'
import type { JsonObject as Json, LoadOptions } from '../types'


/** The destinations whose `apiHost` (with `protocol`) a Segment or Customer.io snippet may set. */
const destinations = ['Customer.io Data Pipelines', 'Segment.io']

/**
 * relata's options from a snippet's `analytics.load(writeKey, options)`. The endpoint is
 * `options.apiHost`, else the destination settings Segment's and Customer.io's snippets
 * use: `integrations['Customer.io Data Pipelines' | 'Segment.io'] = { apiHost, protocol }`.
 */
export function loadOptionsFrom(writeKey: string, given: unknown): LoadOptions {
  const { integrations, ...options } = isObject(given) ? given : {}
  const settings = destinations.map((name) => (isObject(integrations) ? integrations[name] : undefined)).find((value): value is Json => isObject(value) && typeof value.apiHost === 'string')
  const apiHost = typeof options.apiHost === 'string' ? options.apiHost : settings && withProtocol(String(settings.apiHost), settings.protocol)
  return { ...options, writeKey, ...(apiHost ? { apiHost } : {}) }
}

function withProtocol(host: string, protocol: unknown): string {
  if (hasScheme(host)) return host
  return `${typeof protocol === 'string' ? protocol.replace(/:$/, '') : 'https'}://${host}`
}
