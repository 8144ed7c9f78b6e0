import { afterEach, describe, expect, it, vi } from 'vitest'
import { load } from '../../src/load'
import { withInitOptions } from '../../src/snippet/options'
import { recordFetch } from './helpers'
import { normalizeHost, resolveConfig } from '../../src/config'
import { ValidationError } from '../../src/errors'
import { version } from '../../src/version'
import packageJson from '../../package.json'

afterEach(() => vi.unstubAllGlobals())

describe('configuration', () => {
  it('defaults to the US endpoint and selects the EU one by region', () => {
    expect(resolveConfig({ writeKey: 'k' }).apiHost).toBe('https://cdp.customer.io/v1')
    expect(resolveConfig({ writeKey: 'k', region: 'eu' }).apiHost).toBe('https://cdp-eu.customer.io/v1')
  })

  it("selects the EU one by Customer.io's npm cdnURL, and by analytics.js's second load() argument", async () => {
    expect(resolveConfig({ writeKey: 'k', cdnURL: 'https://cdp-eu.customer.io' }).apiHost).toBe('https://cdp-eu.customer.io/v1')
    expect(resolveConfig({ writeKey: 'k', cdnURL: 'https://cdn.example.com' }).apiHost).toBe('https://cdp.customer.io/v1')
    const sent = recordFetch()
    const eu = { integrations: { 'Customer.io Data Pipelines': { apiHost: 'cdp-eu.customer.io/v1', protocol: 'https' } } }
    const analytics = load({ writeKey: 'k', flushInterval: 10 }, eu)
    await analytics.track('In the EU')
    await analytics.flush()
    analytics.close()
    expect(sent[0]?.url).toBe('https://cdp-eu.customer.io/v1/b')
    // An apiHost in the first argument wins.
    expect(withInitOptions({ writeKey: 'k', apiHost: 'http://127.0.0.1:8787/v1' }, eu).apiHost).toBe('http://127.0.0.1:8787/v1')
  })

  it('adds https to an apiHost without a scheme and drops trailing slashes', () => {
    expect(normalizeHost('cdp.example.com/v1/')).toBe('https://cdp.example.com/v1')
    expect(normalizeHost('http://127.0.0.1:8787/v1')).toBe('http://127.0.0.1:8787/v1')
  })

  it('refuses a missing writeKey and a bad flushAt, naming the fix', () => {
    expect(() => resolveConfig({} as never)).toThrow(/writeKey is missing.*AnalyticsBrowser\.load\(\{ writeKey/)
    expect(() => resolveConfig({ writeKey: 'k', flushAt: 0 })).toThrow(/flushAt must be a positive whole number/)
    expect(() => resolveConfig({ writeKey: 'k', flushAt: 2.5 })).toThrow(/flushAt must be a positive whole number/)
    expect(() => resolveConfig({ writeKey: 'k', flushInterval: Infinity })).toThrow(/flushInterval must be a positive number/)
    expect(() => resolveConfig({ writeKey: 'k', region: 'EU' as never })).toThrow(/region must be 'us' or 'eu', got "EU"/)
    expect(() => resolveConfig({ writeKey: 'k', apiHost: ' ' })).toThrow(/apiHost is empty/)
  })

  it('refuses values of the wrong type with the same ValidationError, whatever they are', () => {
    for (const value of ['5', null, Symbol('n'), 10n, [5], true, NaN]) {
      expect(() => resolveConfig({ writeKey: 'k', maxQueuedEvents: value as never })).toThrow(ValidationError)
    }
    expect(() => resolveConfig({ writeKey: 'k', apiHost: 5 as never })).toThrow(/apiHost is empty or not a string.*leave apiHost out/)
  })

  it('reports the package version', () => {
    expect(version).toBe(packageJson.version)
  })
})
