import { AnalyticsBrowser, load } from './load'
import type { JsonObject, LoadOptions } from './types'
import { attachSnippets, sharedClient, type SharedClient } from './snippet/attach'
import { version } from './version'

interface Relata {
  AnalyticsBrowser: typeof AnalyticsBrowser
  load: typeof load
  version: string
  /** @internal Attaches the snippets on the page to the one shared client. */
  attach(script: Element | null): void
}

/**
 * The script-tag bundle's entry: `relata.load({ writeKey })` returns a client, and the
 * snippets on the page (relata's, Segment's, Customer.io's, the legacy `_cio`) are
 * attached to one shared client. When several snippets each load the bundle, the later
 * copies hand over to the first, which owns that client.
 */
const globals = window as unknown as { relata?: Relata }
const shared: SharedClient = {}
// A page has one client: relata.load() and every snippet share it (the first options win).
const loadShared = (settings: LoadOptions, initOptions?: JsonObject) => sharedClient(shared, settings, initOptions)
globals.relata ??= { AnalyticsBrowser: { load: loadShared }, load: loadShared, version, attach: (script) => attachSnippets(shared, script) }
globals.relata.attach(document.currentScript)
