import { ValidationError } from './errors'
import { defaultOutboxLimits, type OutboxLimits } from './delivery/outbox'
import type { LoadOptions } from './types'

/** The outbox limits are the config's own fields: the config is passed as the outbox's limits. */
export interface Config extends OutboxLimits {
  writeKey: string
  /** Base URL without a trailing slash, e.g. `https://cdp.customer.io/v1`. */
  apiHost: string
  flushAt: number
  flushInterval: number
  maxEventAge: number
  convertTimestamps: boolean
}

const regionHosts = { us: 'https://cdp.customer.io/v1', eu: 'https://cdp-eu.customer.io/v1' }

export function resolveConfig(options: LoadOptions): Config {
  if (typeof options?.writeKey != 'string' || !options.writeKey) {
    throw new ValidationError('writeKey', 'is missing or empty', "Pass your source write key: AnalyticsBrowser.load({ writeKey: 'YOUR_WRITE_KEY' }).")
  }
  // Customer.io's npm package selects its EU data center with this cdnURL.
  const region = options.region ?? (/cdp-eu\.customer\.io/.test(String(options.cdnURL)) ? 'eu' : 'us')
  if (region !== 'us' && region !== 'eu') {
    throw new ValidationError('region', `must be 'us' or 'eu', got ${JSON.stringify(region)}`, 'Use region: \'eu\' for the EU data center, or pass apiHost.')
  }
  const { apiHost } = options
  if (typeof apiHost == 'string' ? !apiHost.trim() : apiHost !== undefined) {
    throw new ValidationError('apiHost', 'is empty or not a string', 'Pass a base URL, e.g. https://cdp.customer.io/v1, or leave apiHost out.')
  }
  const positive = (field: 'flushAt' | 'flushInterval' | 'maxQueuedEvents' | 'maxQueuedBytes' | 'maxEventAge', fallback: number, integer?: boolean): number => {
    const value = options[field]
    if (value === undefined) return fallback
    // Number.isFinite and Number.isInteger are false for anything not a number, such as '5', so
    // the comparison never meets a value it would throw on, such as a Symbol
    if (!((integer ? Number.isInteger : Number.isFinite)(value) && value > 0)) {
      throw new ValidationError(field, `must be a positive ${integer ? 'whole ' : ''}number, got ${String(value)}`, `Remove ${field} to use the default of ${fallback}.`)
    }
    return value
  }
  return {
    writeKey: options.writeKey,
    apiHost: normalizeHost(apiHost ?? regionHosts[region]),
    flushAt: positive('flushAt', 20, true),
    flushInterval: positive('flushInterval', 2000),
    _maxEvents: positive('maxQueuedEvents', defaultOutboxLimits._maxEvents),
    _maxBytes: positive('maxQueuedBytes', defaultOutboxLimits._maxBytes),
    maxEventAge: positive('maxEventAge', 7 * 24 * 60 * 60 * 1000),
    convertTimestamps: options.convertTimestamps === true,
  }
}

export const hasScheme = (url: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(url)

export function normalizeHost(host: string): string {
  const withScheme = hasScheme(host) ? host : `https://${host}`
  return withScheme.replace(/\/+$/, '')
}
