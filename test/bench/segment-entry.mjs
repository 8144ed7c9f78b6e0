// The comparison page's script: analytics-next from npm, bundled by the same rollup as relata.
import { AnalyticsBrowser } from '@segment/analytics-next'

/** @param {{ writeKey: string, apiHost: string, flushAt: number }} options */
async function loadSegment({ writeKey, apiHost, flushAt }) {
  const host = apiHost.replace(/^https?:\/\//, '')
  const [analytics] = await AnalyticsBrowser.load(
    {
      writeKey,
      cdnSettings: {
        integrations: {
          'Segment.io': {
            apiKey: writeKey,
            apiHost: host,
            protocol: 'http',
            deliveryStrategy: { strategy: 'batching', config: { size: flushAt, timeout: 1000 } },
          },
        },
      },
    },
    { retryQueue: true },
  )
  return analytics
}

;/** @type {any} */ (window).loadSegment = loadSegment
