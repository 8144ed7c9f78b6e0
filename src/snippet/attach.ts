import type { Analytics } from '../client/client'
import { legacyCio, legacySettings } from '../legacy/cio'
import { load } from '../load'
import type { JsonObject, LoadOptions } from '../types'
import { loadOptionsFrom } from './options'
import { replayAll, replayBuffered } from './replay'

/** The one client every snippet on the page shares, so they share one identity and queue. */
export interface SharedClient {
  _client?: Analytics
  _key?: string
}

/**
 * The page's one client, made from the first options given. Options for another write key
 * cannot get a second client: their calls go to the first, and the console says so.
 */
export function sharedClient(shared: SharedClient, options: LoadOptions, initOptions?: JsonObject): Analytics {
  const writeKey = options?.writeKey
  if (!shared._client) {
    // load() merges initOptions into options; the write key stays the one options give
    shared._client = load(options, initOptions)
    shared._key = writeKey
  } else if (writeKey !== shared._key) {
    console.warn(`relata: this page already has a client for write key "${shared._key}"; calls for "${writeKey}" go to it too`)
  }
  return shared._client
}

/** A snippet's stub: an array of buffered calls that also carries the snippet's settings. */
export type Stub = unknown[] & Record<string, unknown>

/** The shared client, or none when the options cannot start one (the console says why); no options join the existing one. */
function clientFor(shared: SharedClient, options: LoadOptions | false | null): Analytics | undefined {
  try {
    return options ? sharedClient(shared, options) : shared._client
  } catch (error) {
    console.error('relata: could not start from the snippet:', (error as Error).message)
  }
}

/**
 * Finds the snippets' stubs (relata's and Segment's `analytics`, Customer.io's
 * `cioanalytics` or a renamed global, the legacy `_cio`), replaces each with the shared
 * client, and replays what each buffered, as analytics.js does (`replayBuffered`).
 */
export function attachSnippets(shared: SharedClient, script: Element | null): void {
  const globals = window as unknown as Record<string, unknown>
  const renamed = (snippet: string) => script?.getAttribute(`data-global-${snippet}-analytics-key`)
  for (const key of new Set([renamed('segment'), renamed('customerio'), 'analytics', 'cioanalytics'])) {
    const stub = key && (globals[key] as Stub)
    if (!Array.isArray(stub)) continue
    const writeKey = stub._writeKey
    const client = clientFor(shared, typeof writeKey == 'string' && loadOptionsFrom(writeKey, stub._loadOptions))
    if (!client) continue
    globals[key!] = Object.assign(client, { initialized: true, initialize: () => client })
    replayBuffered(client, stub.splice(0))
    // code that kept a reference to the stub still reaches the client
    stub.push = (...records: unknown[]) => replayAll(client, records)
  }
  // the legacy track.js snippet: `_cio` and its script tag
  const stub = globals._cio
  const tag = document.getElementById('cio-tracker')
  const settings = Array.isArray(stub) && tag && legacySettings(tag)
  const client = settings && clientFor(shared, settings._options)
  if (!client) return
  const cio = (globals._cio = legacyCio(client, settings))
  replayAll(cio, (stub as unknown[]).splice(0))
  if (settings._autoTrackPage) cio.page()
}
