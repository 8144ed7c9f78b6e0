import { AnalyticsBrowser, load } from './load'
import { version } from './version'

/** The script-tag bundle's entry: `relata.load({ writeKey })` returns a client. */
;(window as unknown as { relata: unknown }).relata = { AnalyticsBrowser, load, version }
