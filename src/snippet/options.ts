import { isObject } from '../client/arguments'
import { hasScheme } from '../config'
import type { JsonObject, LoadOptions } from '../types'

/**
 * relata's options from a snippet's `analytics.load(writeKey, options)`. The endpoint is
 * `options.apiHost`, else the destination settings Segment's and Customer.io's snippets
 * use: `integrations['Customer.io Data Pipelines' | 'Segment.io'] = { apiHost, protocol }`.
 */
export function loadOptionsFrom(writeKey: string, given: unknown): LoadOptions {
  const { integrations, ...options } = isObject(given) ? given : {}
  const settings = ['Customer.io Data Pipelines', 'Segment.io']
    .map((name) => (integrations as Record<string, JsonObject | undefined> | undefined)?.[name])
    .find((value) => typeof value?.apiHost == 'string')
  if (!settings || typeof options.apiHost == 'string') return { ...options, writeKey }
  // no apiHost string among the options: the destination settings give it
  const host = settings.apiHost as string
  const protocol = settings.protocol
  return { ...options, writeKey, apiHost: hasScheme(host) ? host : `${typeof protocol == 'string' ? protocol.replace(/:$/, '') : 'https'}://${host}` }
}

/**
 * `load(settings, options)` as analytics.js takes it: the second argument's destination
 * settings give the endpoint unless `settings` names one.
 */
export function withInitOptions(settings: LoadOptions, options: unknown): LoadOptions {
  if (options === undefined) return settings
  const fromInit = loadOptionsFrom(settings?.writeKey, options)
  const merged = { ...fromInit, ...settings }
  // An apiHost left undefined, as configuration read from the environment often is, is none.
  if (merged.apiHost === undefined && fromInit.apiHost) merged.apiHost = fromInit.apiHost
  return merged
}
