import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Analytics } from '../../src/client/client'
import { replayBuffered } from '../../src/snippet/replay'
import { clearBrowserState, loadClient, recordFetch, sentEvents, type SentRequest } from './helpers'

let analytics: Analytics
let sent: SentRequest[]

beforeEach(() => {
  clearBrowserState()
  sent = recordFetch()
  analytics = loadClient()
})
afterEach(() => {
  analytics.close()
  vi.restoreAllMocks()
})

describe('source middleware', () => {
  it('changes events before they are queued, in the order added', async () => {
    analytics.addSourceMiddleware(({ payload, next }) => {
      payload.obj.context.first = true
      next(payload)
    })
    analytics.addSourceMiddleware(({ payload, next }) => next({ obj: { ...payload.obj, properties: { ...payload.obj.properties, second: true } } }))
    const event = await analytics.track('Changed')
    await analytics.flush()
    expect(event).toMatchObject({ context: { first: true }, properties: { second: true } })
    expect(sentEvents(sent)[0]).toMatchObject({ context: { first: true }, properties: { second: true } })
  })

  it('changes one event without touching the context other events share', async () => {
    analytics.addSourceMiddleware(({ payload, next }) => {
      if (payload.obj.event === 'Marked') payload.obj.context.page = { ...(payload.obj.context.page as object), title: 'changed' }
      ;(payload.obj.context.library as Record<string, unknown>).name = 'changed'
      next(payload)
    })
    const marked = await analytics.track('Marked')
    const plain = await analytics.track('Plain')
    expect(marked.context).toMatchObject({ library: { name: 'changed' }, page: { title: 'changed' } })
    expect(plain.context.page).not.toMatchObject({ title: 'changed' })
    expect(analytics.user().anonymousId()).toBeTruthy()
  })

  it('refuses a middleware that is not a function, naming the fix, and runs the others', async () => {
    await expect(analytics.addSourceMiddleware(undefined as never)).rejects.toThrow(/addSourceMiddleware\(\) middleware is not a function\. Pass one/)
    analytics.addSourceMiddleware(({ payload, next }) => next({ obj: { ...payload.obj, properties: { scrubbed: true } } }))
    await analytics.track('Secret', { email: 'ada@example.com' })
    await analytics.flush()
    expect(sentEvents(sent).map((event) => event.properties)).toEqual([{ scrubbed: true }])
  })

  it('drops an event when next is called with null, and sends the others', async () => {
    analytics.addSourceMiddleware(({ payload, next }) => next(payload.obj.event === 'Secret' ? null : payload))
    await analytics.track('Secret')
    await analytics.track('Public')
    await analytics.flush()
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['Public'])
  })

  it("reads the event through Segment's payload.type() and payload.event(), also after a middleware passed a plain { obj }", async () => {
    const seen: string[] = []
    analytics.addSourceMiddleware(({ payload, next }) => next({ obj: payload.obj }))
    analytics.addSourceMiddleware(({ payload, next }) => {
      seen.push(`${payload.type()} ${payload.event() ?? ''}`)
      next(payload.type() === 'track' && payload.event() === 'Secret' ? null : payload)
    })
    await analytics.track('Secret')
    await analytics.page('Home')
    await analytics.flush()
    expect(seen).toEqual(['track Secret', 'page '])
    expect(sentEvents(sent).map((event) => event.type)).toEqual(['page'])
  })

  it('lets the event go on unchanged when a middleware throws', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    analytics.addSourceMiddleware(() => {
      throw new Error('bug')
    })
    await analytics.track('Survives')
    await analytics.flush()
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['Survives'])
  })
})

describe("the rest of Segment's stub methods", () => {
  it('ready calls back and resolves at once', async () => {
    const callback = vi.fn()
    await analytics.ready(callback)
    expect(callback).toHaveBeenCalledOnce()
  })

  it('once listens to the first occurrence only', async () => {
    const listener = vi.fn()
    analytics.once('error', listener)
    await analytics.track('').catch(() => {})
    await analytics.track('').catch(() => {})
    expect(listener).toHaveBeenCalledOnce()
  })

  it('pageview sends a page view for the given URL', async () => {
    const event = await analytics.pageview('/checkout?step=2')
    expect(event.context.page).toMatchObject({ url: 'https://shop.example.com/checkout?step=2', path: '/checkout' })
    expect(event.properties).toMatchObject({ path: '/checkout' })
  })

  it('accepts destination and integration middleware and plugins as no-ops, saying so in debug output', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {})
    analytics.debug(true)
    analytics.addDestinationMiddleware()
    analytics.addIntegrationMiddleware()
    await analytics.register()
    expect(debug.mock.calls.map(([message]) => message)).toEqual([
      expect.stringContaining('addDestinationMiddleware() does nothing'),
      expect.stringContaining('addIntegrationMiddleware() does nothing'),
      expect.stringContaining('register() does nothing'),
    ])
  })

  it('trackForm tracks the submit, then submits the form once the event is queued', async () => {
    const form = document.createElement('form')
    document.body.append(form)
    const submitted = new Promise<void>((resolve) => (form.submit = () => resolve()))
    analytics.trackSubmit(form, (element) => `Submitted ${element.tagName}`, { plan: 'pro' })
    const event = new Event('submit', { cancelable: true })
    form.dispatchEvent(event)
    expect(event.defaultPrevented).toBe(true)
    await submitted
    await analytics.flush()
    expect(sentEvents(sent)[0]).toMatchObject({ event: 'Submitted FORM', properties: { plan: 'pro' } })
  })

  it('trackLink tracks the click and leaves links opening elsewhere alone', async () => {
    const link = document.createElement('a')
    link.href = 'https://shop.example.com/next'
    link.target = '_blank'
    document.body.append(link)
    analytics.trackClick([link], 'Link Clicked')
    let preventedByRelata: boolean | undefined
    const stopNavigation = (event: Event) => {
      preventedByRelata = event.defaultPrevented
      event.preventDefault() // keeps the test browser from following the link
    }
    document.addEventListener('click', stopNavigation)
    link.dispatchEvent(new MouseEvent('click', { cancelable: true, bubbles: true }))
    document.removeEventListener('click', stopNavigation)
    expect(preventedByRelata).toBe(false)
    await analytics.flush()
    expect(sentEvents(sent).map((event) => event.event)).toEqual(['Link Clicked'])
  })
})

describe('source middleware and refused calls', () => {
  it('checks an event before the middleware too, so a refused identify changes nobody', async () => {
    analytics.addSourceMiddleware(({ payload, next }) => next(payload))
    await expect(analytics.identify('u1', { big: 'x'.repeat(40_000) })).rejects.toThrow(/over the 32768-byte limit/)
    expect(analytics.user().id()).toBeNull()
    expect(analytics.user().traits()).toEqual({})
  })

  it('refuses, rather than throws, when the context cannot be copied for the middleware', async () => {
    analytics.addSourceMiddleware(({ payload, next }) => next(payload))
    const context: Record<string, unknown> = {}
    context.self = context
    await expect(analytics.track('Loop', {}, { context })).rejects.toThrow(/cannot be sent as JSON/)
  })
})

describe("a snippet's buffered calls", () => {
  it('apply the anonymous id, listeners and source middleware before the calls buffered ahead of them, as analytics.js does', async () => {
    const heard: unknown[] = []
    replayBuffered(analytics, [
      ['page'],
      ['track', 'Clicked'],
      ['addSourceMiddleware', ({ payload, next }: { payload: { obj: Record<string, unknown> }; next: (payload: unknown) => void }) => next({ obj: { ...payload.obj, scrubbed: true } })],
      ['setAnonymousId', 'server-id'],
      ['on', 'page', (...args: unknown[]) => heard.push(args[1])],
    ])
    // Events pass the middleware asynchronously before they are queued.
    await vi.waitFor(async () => {
      await analytics.flush()
      expect(sentEvents(sent)).toHaveLength(2)
    })
    expect(sentEvents(sent).map((event) => [event.type, event.anonymousId, event.scrubbed])).toEqual([
      ['page', 'server-id', true],
      ['track', 'server-id', true],
    ])
    expect(heard).toEqual([null])
  })
})
