import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fallbackStore, localStore, memoryStore, type KeyValueStore } from '../../src/storage/stores'
import { clearBrowserState, loadClient, recordFetch, sentEvents } from './helpers'

const throwing = (): KeyValueStore => ({
  get: () => {
    throw new Error('SecurityError')
  },
  set: () => {
    throw new Error('QuotaExceededError')
  },
})

beforeEach(() => clearBrowserState())
afterEach(() => vi.restoreAllMocks())

describe('fallbackStore', () => {
  it('reads from the first store that has the key', () => {
    const first = memoryStore()
    const second = memoryStore()
    second.set('k', 'from-second')
    const store = fallbackStore([() => first, () => second])
    expect(store.get('k')).toBe('from-second')
    first.set('k', 'from-first')
    expect(store.get('k')).toBe('from-first')
  })

  it('skips stores that cannot be created and keeps working in memory', () => {
    const store = fallbackStore([
      () => {
        throw new Error('no cookies')
      },
    ])
    store.set('k', 'v')
    expect(store.get('k')).toBe('v')
  })

  it('drops a store that starts throwing and keeps the value in memory', () => {
    const store = fallbackStore([throwing])
    store.set('k', 'v')
    expect(store.get('k')).toBe('v')
    store.set('k', null)
    expect(store.get('k')).toBeNull()
  })

  it('localStore writes through to localStorage', () => {
    localStore().set('k', 'v')
    expect(localStorage.getItem('k')).toBe('v')
  })
})

describe('a client with blocked storage', () => {
  it('keeps identity and sends events when localStorage and cookies throw', async () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('QuotaExceededError')
    })
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('SecurityError')
    })
    vi.spyOn(document, 'cookie', 'get').mockImplementation(() => {
      throw new Error('SecurityError')
    })
    const sent = recordFetch()
    const analytics = loadClient()
    await analytics.identify('u1', { plan: 'pro' })
    await analytics.track('Works')
    await analytics.flush()
    expect(analytics.user().id()).toBe('u1')
    expect(sentEvents(sent).map((event) => event.userId)).toEqual(['u1', 'u1'])
    analytics.close()
  })
})
