import { afterEach, describe, expect, it, vi } from 'vitest'
import { fetchPost } from '../../src/delivery/transport'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

/** A response whose body is whatever `body` is, as fetch polyfills may hand back. */
const answer = (status: number, body: unknown) => ({ status, headers: new Headers({ 'Retry-After': '7' }), body })

describe('fetchPost', () => {
  it('cancels the response body once it has the status, so the browser can release the request', async () => {
    const cancel = vi.fn(() => Promise.resolve())
    vi.stubGlobal('fetch', vi.fn(async () => answer(200, { cancel })))
    expect(await fetchPost('https://api.test/v1/b', '{}', false)).toEqual({ status: 200, _retryAfter: '7' })
    expect(cancel).toHaveBeenCalledOnce()
  })

  it('keeps the answer when the body cannot be cancelled or there is none', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer(503, { cancel: () => { throw new TypeError('not a stream') } })))
    expect(await fetchPost('https://api.test/v1/b', '{}', false)).toEqual({ status: 503, _retryAfter: '7' })
    vi.stubGlobal('fetch', vi.fn(async () => answer(204, null)))
    expect((await fetchPost('https://api.test/v1/b', '{}', true)).status).toBe(204)
  })

  it('clears its timeout once answered, and aborts a request that never answers after 30 s', async () => {
    vi.useFakeTimers()
    vi.stubGlobal('fetch', vi.fn(async () => answer(200, null)))
    await fetchPost('https://api.test/v1/b', '{}', false)
    expect(vi.getTimerCount()).toBe(0)
    let signal: AbortSignal | undefined
    vi.stubGlobal('fetch', vi.fn((_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal?.reason)))
    }))
    const pending = fetchPost('https://api.test/v1/b', '{}', false)
    await vi.advanceTimersByTimeAsync(29_999)
    expect(signal?.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await pending).toEqual({ status: 0 })
  })

  it('answers status 0 when the request fails', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    expect(await fetchPost('https://api.test/v1/b', '{}', false)).toEqual({ status: 0 })
  })
})
