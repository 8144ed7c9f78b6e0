/**
 * The snippet a page pastes, built into `dist/snippet.min.js`. It defines a stub
 * `window.analytics` that records each call with its arguments, the call time and the page
 * as it was then, and loads the bundle, which replays the record in order.
 *
 * Each record is `[method, ...args, context]`, the shape Segment's v5 snippet pushes, with
 * the call time added as `d`; the bundle reads both the same way.
 */
import type { Stub } from './attach'

// the pasted snippet ends by calling the global by name, as Segment's and Customer.io's do
declare const analytics: { load(writeKey: string, options?: object): void; page(): void }

;(() => {
  const w = window as unknown as { analytics?: Stub }
  const stub = (w.analytics ||= [] as unknown as Stub)
  if (stub.initialize || stub.invoked) {
    console.warn('relata: snippet included twice; this copy does nothing')
    return
  }
  stub.invoked = true
  for (const method of 'identify track page screen group alias reset setAnonymousId ready on once off debug flush pageview trackLink trackClick trackForm trackSubmit addSourceMiddleware addIntegrationMiddleware addDestinationMiddleware register'.split(' ')) {
    stub[method] = (...args: unknown[]) => {
      const canonical = document.querySelector<HTMLLinkElement>('link[rel=canonical]')
      stub.push([method, ...args, { __t: 'bpc', c: canonical && canonical.href, u: location.href, p: location.pathname, s: location.search, t: document.title, r: document.referrer, d: Date.now() }])
      return stub
    }
  }
  stub.load = (writeKey: string, options?: object) => {
    // a script added by code loads asynchronously without being told to
    const script = document.createElement('script')
    script.src = 'YOUR_BUNDLE_URL'
    document.head.append(script)
    stub._writeKey = writeKey
    stub._loadOptions = options
  }
  analytics.load('YOUR_WRITE_KEY')
  analytics.page()
})()
