// @vitest-environment node
import { describe, expect, it } from 'vitest'

// A variable path keeps the type checker out of the built JavaScript.
const built = (file: string) => new URL(`../../dist/${file}`, import.meta.url).href

describe('server-side rendering', () => {
  it('imports the built package and loads a client that sends nothing', async () => {
    const { AnalyticsBrowser } = (await import(/* @vite-ignore */ built('index.mjs'))) as typeof import('../../src/index')
    const analytics = AnalyticsBrowser.load({ writeKey: 'k' })
    const event = await analytics.track('Rendered on the server')
    expect(event.event).toBe('Rendered on the server')
    await analytics.flush()
    analytics.close()
  })

  it('requires the CommonJS build without touching window', async () => {
    const { createRequire } = await import('node:module')
    const required = createRequire(import.meta.url)(new URL(built('index.cjs')).pathname)
    expect(typeof required.AnalyticsBrowser.load).toBe('function')
  })
})
