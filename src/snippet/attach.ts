import type { Analytics } from '../client/client'
import { legacyCio, legacySettings, replayLegacy } from '../legacy/cio'
import { load } from '../load'
import type { LoadOptions } from '../types'
import { loadOptionsFrom } from './options'
import { replayRecord } from './replay'

/** The one client every snippet on the page shares, so they share one identity and queue. */
export interface SharedClient {
  client?: Analytics
  writeKey?: string
}

/**
 * The page's one client, made from the first options given. Options for another write key
 * cannot get a second client: their calls go to the first, and the console says so.
 */
export function sharedClient(shared: SharedClient, options: LoadOptions): Analytics {
  if (!shared.client) {
    shared.client = load(options)
    shared.writeKey = options.writeKey
  } else if (options?.writeKey !== shared.writeKey) {
    console.warn(`relata: this page already has a client for write key "${shared.writeKey}"; calls for "${options?.writeKey}" go to it too`)
  }
  return shared.client
}

/** A snippet's stub: an array of buffered calls that also carries the snippet's settings. */
export type Stub = unknown[] & Record<string, unknown>
type Globals = Record<string, unknown>

/**
 * Finds the snippets' stubs (relata's and Segment's `analytics`, Customer.io's
 * `cioanalytics` or a renamed global, the legacy `_cio`), replaces each with the shared
 * client, and replays what each buffered, in call order.
 */
export function attachSnippets(shared: SharedClient, script: Element | null): void {
  const globals = window as unknown as Globals
  const keys = new Set([
    script?.getAttribute('data-global-segment-analytics-key'),
    script?.getAttribute('data-global-customerio-analytics-key'),
    'analytics',
    'cioanalytics',
  ])
  for (const key of keys) {
    const stub = key ? globals[key] : undefined
    if (!key || !Array.isArray(stub)) continue
    const writeKey = (stub as Stub)._writeKey
    const client = clientFor(shared, () => typeof writeKey === 'string' && loadOptionsFrom(writeKey, (stub as Stub)._loadOptions))
    if (!client) continue
    globals[key] = Object.assign(client, { initialized: true, initialize: () => client })
    forwardStub(stub as Stub, client)
  }
  attachLegacy(shared, globals)
}

function attachLegacy(shared: SharedClient, globals: Globals): void {
  const stub = globals._cio
  const tag = document.getElementById('cio-tracker')
  if (!Array.isArray(stub) || !tag) return
  const settings = legacySettings(tag)
  const client = settings && clientFor(shared, () => settings.options)
  if (!settings || !client) return
  const cio = legacyCio(client, settings)
  globals._cio = cio
  for (const call of stub.splice(0)) replayLegacy(cio, call)
  if (settings.autoTrackPage) cio.page()
}

/** Replays the stub's record, then turns the stub into a pass-through for code that kept a reference to it. */
function forwardStub(stub: Stub, client: Analytics): void {
  for (const record of stub.splice(0)) replayRecord(client, record)
  stub.push = (...records: unknown[]) => {
    for (const record of records) replayRecord(client, record)
    return 0
  }
}

function clientFor(shared: SharedClient, options: () => LoadOptions | false): Analytics | undefined {
  const given = options()
  if (!given) return shared.client
  try {
    return sharedClient(shared, given)
  } catch (error) {
    console.error('relata: could not start from the snippet:', (error as Error).message)
    return undefined
  }
}
