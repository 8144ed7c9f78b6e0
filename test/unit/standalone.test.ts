import { describe, expect, it } from 'vitest'
import { recordFetch } from './helpers'

describe('the script-tag bundle', () => {
  it('gives relata.load() and the snippets one shared client', async () => {
    recordFetch()
    await import('../../src/standalone')
    const relata = (window as any).relata
    const first = relata.load({ writeKey: 'k', apiHost: 'https://collector.test/v1' })
    expect(relata.load({ writeKey: 'k' })).toBe(first)
    expect(relata.AnalyticsBrowser.load({ writeKey: 'k' })).toBe(first)
    first.close()
  })
})
