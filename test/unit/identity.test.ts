import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Analytics } from '../../src/client/client'
import { clearBrowserState, loadClient, recordFetch } from './helpers'

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const cookie = (name: string) => document.cookie.split('; ').find((part) => part.startsWith(`${name}=`))?.split('=')[1]
let clients: Analytics[] = []
const fresh = () => {
  const client = loadClient()
  clients.push(client)
  return client
}

beforeEach(() => {
  clearBrowserState()
  recordFetch()
})
afterEach(() => {
  for (const client of clients) client.close()
  clients = []
})

describe('identity', () => {
  it('creates a UUID v4 anonymousId once and keeps it in the cookie and localStorage', () => {
    const id = fresh().user().anonymousId()
    expect(id).toMatch(uuidV4)
    expect(decodeURIComponent(cookie('ajs_anonymous_id') ?? '')).toBe(JSON.stringify(id))
    expect(localStorage.getItem('ajs_anonymous_id')).toBe(JSON.stringify(id))
    expect(fresh().user().anonymousId()).toBe(id)
  })

  it('reads ids written by analytics.js, quoted or raw', () => {
    document.cookie = 'ajs_anonymous_id=raw-anon; path=/'
    localStorage.setItem('ajs_user_id', '"segment-user"')
    localStorage.setItem('ajs_user_traits', '{"plan":"pro"}')
    const user = fresh().user()
    expect(user.anonymousId()).toBe('raw-anon')
    expect(user.id()).toBe('segment-user')
    expect(user.traits()).toEqual({ plan: 'pro' })
  })

  it("reads the null and undefined older analytics.js versions left as no id, not as an id named 'null'", async () => {
    for (const [raw, quoted] of [
      ['null', 'undefined'],
      ['undefined', '""'],
    ] as const) {
      clearBrowserState()
      document.cookie = `ajs_anonymous_id=${raw}; path=/`
      document.cookie = `ajs_user_id=${quoted}; path=/`
      localStorage.setItem('ajs_user_id', quoted)
      const client = fresh()
      expect(client.user().id()).toBeNull()
      expect(client.user().anonymousId()).toMatch(uuidV4)
      await expect(client.deletePerson()).rejects.toThrow('needs an identified person')
    }
  })

  it('group() without arguments returns the current group, as analytics.js does', async () => {
    const client = fresh()
    expect(client.group().id()).toBeNull()
    await client.group('acme', { name: 'Acme' })
    expect(client.group().id()).toBe('acme')
    expect(client.group().traits()).toEqual({ name: 'Acme' })
  })

  it('keeps userId, traits and group across page loads', async () => {
    const first = fresh()
    await first.identify('u1', { plan: 'pro' })
    await first.group('acme', { name: 'Acme' })
    expect(localStorage.getItem('ajs_user_traits')).toBe('{"plan":"pro"}')
    expect(localStorage.getItem('ajs_group_id')).toBe('"acme"')
    expect(localStorage.getItem('ajs_group_properties')).toBe('{"name":"Acme"}')
    const second = fresh()
    expect(second.user().id()).toBe('u1')
    expect(second.user().traits()).toEqual({ plan: 'pro' })
    expect((await second.track('Seen')).userId).toBe('u1')
  })

  it('sends anonymous traits with the next identify that has a userId, new values winning', async () => {
    const analytics = fresh()
    await analytics.identify({ email: 'a@example.com', plan: 'free' })
    const event = await analytics.identify('u1', { plan: 'pro' })
    expect(event.traits).toEqual({ email: 'a@example.com', plan: 'pro' })
  })

  it('starts a fresh anonymousId and traits when a different user identifies', async () => {
    const analytics = fresh()
    await analytics.identify('u1', { plan: 'pro' })
    const before = analytics.user().anonymousId()
    const event = await analytics.identify('u2', { role: 'admin' })
    expect(event.anonymousId).not.toBe(before)
    expect(event.traits).toEqual({ role: 'admin' })
  })

  it('reset clears ids, traits and group but still delivers queued events', async () => {
    const sent = recordFetch()
    const analytics = fresh()
    await analytics.identify('u1', { plan: 'pro' })
    await analytics.group('acme')
    const anonymousId = analytics.user().anonymousId()
    await analytics.track('Before Reset')
    analytics.reset()
    expect(analytics.user().id()).toBeNull()
    expect(analytics.user().traits()).toEqual({})
    expect(analytics.user().anonymousId()).not.toBe(anonymousId)
    expect(localStorage.getItem('ajs_user_id')).toBeNull()
    expect(localStorage.getItem('ajs_group_id')).toBeNull()
    await analytics.flush()
    expect(sent.flatMap((r) => r.body.batch).map((e) => e.event ?? e.type)).toContain('Before Reset')
  })

  it('setAnonymousId replaces the stored id', async () => {
    const analytics = fresh()
    analytics.setAnonymousId('from-server')
    expect((await analytics.track('X')).anonymousId).toBe('from-server')
    expect(fresh().user().anonymousId()).toBe('from-server')
  })

  it('sets cookies SameSite=Lax for a year on the widest allowed domain', () => {
    const cookieWrites = vi.spyOn(document, 'cookie', 'set')
    fresh()
    const written = cookieWrites.mock.calls.map(([value]) => String(value))
    cookieWrites.mockRestore()
    const idCookie = written.find((value) => value.startsWith('ajs_anonymous_id='))
    expect(idCookie).toMatch(/max-age=31536000; SameSite=Lax; domain=example\.com; Secure$/)
  })
})

describe('a refused identify or group', () => {
  it('leaves the stored identity as it was, so the next call works', async () => {
    const analytics = fresh()
    await analytics.identify('ada', { plan: 'pro' })
    const anonymousId = analytics.user().anonymousId()
    await expect(analytics.identify('bob', { blob: 'x'.repeat(40 * 1024) })).rejects.toThrow(/over the 32768-byte limit/)
    expect(analytics.user().id()).toBe('ada')
    expect(analytics.user().anonymousId()).toBe(anonymousId)
    expect(analytics.user().traits()).toEqual({ plan: 'pro' })
    expect(localStorage.getItem('ajs_user_traits')).toBe('{"plan":"pro"}')
    await expect(analytics.identify('bob', { plan: 'free' })).resolves.toMatchObject({ userId: 'bob', traits: { plan: 'free' } })
  })

  it('keeps the stored group when a group call is refused', async () => {
    const analytics = fresh()
    await analytics.group('acme', { name: 'Acme' })
    await expect(analytics.group('globex', { blob: 'x'.repeat(40 * 1024) })).rejects.toThrow(/over the 32768-byte limit/)
    expect(localStorage.getItem('ajs_group_id')).toBe('"acme"')
    expect(localStorage.getItem('ajs_group_properties')).toBe('{"name":"Acme"}')
  })
})

describe('callbacks', () => {
  it('a throwing callback neither breaks the call nor escapes into relata; it is rethrown on its own task', async () => {
    const analytics = fresh()
    const later: Array<() => void> = []
    const timers = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((task: () => void) => (later.push(task), 0)) as never)
    let event
    try {
      event = await analytics.track('Called Back', {}, {}, () => {
        throw new Error('bug in the page')
      })
    } finally {
      timers.mockRestore()
    }
    expect(event).toMatchObject({ event: 'Called Back' })
    expect(() => later.forEach((task) => task())).toThrow('bug in the page')
  })
})
