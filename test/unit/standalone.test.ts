import { describe, expect, it, vi } from 'vitest'
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

describe('a second write key on the same page', () => {
  it('says in the console that its calls go to the first client', async () => {
    recordFetch()
    await import('../../src/standalone')
    const relata = (window as any).relata
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const first = relata.load({ writeKey: 'k', apiHost: 'https://collector.test/v1' })
    expect(relata.load({ writeKey: 'other' })).toBe(first)
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/already has a client for write key "k"; calls for "other" go to it too/))
    first.close()
  })
})
