import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { validatePayload } from '../../demo/collector/validate.mjs'
import type { Analytics } from '../../src/client/client'
import type { RelataEvent } from '../../src/types'
import { version } from '../../src/version'
import { freshClient, type SentRequest } from './helpers'

let analytics: Analytics
let sent: SentRequest[]

beforeEach(() => void ({ analytics, sent } = freshClient()))
afterEach(() => analytics.close())

const everyCall = (client: Analytics): Array<Promise<RelataEvent>> => [
  client.identify({ email: 'anon@example.com' }),
  client.identify('u1', { email: 'u1@example.com', createdAt: '2024-01-02T03:04:05.000Z' }),
  client.track('Course Started', { course: 'math101', tags: ['a', 'b'] }),
  client.page('Docs', 'Install'),
  client.page(),
  client.screen('Settings'),
  client.group('acme', { name: 'Acme', object_type_id: '1', relationshipAttributes: { role: 'admin' } }),
  client.alias('u2'),
]

describe('events', () => {
  it('every call type builds an event valid for Data Pipelines', async () => {
    for (const event of await Promise.all(everyCall(analytics))) {
      expect(validatePayload('event', JSON.parse(JSON.stringify(event)))).toEqual([])
    }
  })

  it('the batch request is valid and carries writeKey and sentAt', async () => {
    await Promise.all(everyCall(analytics))
    await analytics.flush()
    expect(sent).toHaveLength(1)
    const [request] = sent
    expect(validatePayload('batch', request!.body)).toEqual([])
    expect(request!.body.writeKey).toBe('test-key')
    expect(Date.parse(request!.body.sentAt)).not.toBeNaN()
    expect(request!.url).toBe('https://collector.test/v1/b')
    expect(new Headers(request!.init.headers).get('Content-Type')).toBe('text/plain')
    expect(new Headers(request!.init.headers).has('Authorization')).toBe(false)
  })

  it('the schema check catches an invalid event', () => {
    expect(validatePayload('event', { type: 'track', messageId: 'm', anonymousId: 'a' })).not.toEqual([])
    expect(validatePayload('event', { type: 'alias', messageId: 'm', userId: 'u' })).not.toEqual([])
  })

  it('gives each event a unique messageId, an ISO timestamp and the identity', async () => {
    const events = await Promise.all(everyCall(analytics))
    expect(new Set(events.map((event) => event.messageId)).size).toBe(events.length)
    for (const event of events) {
      expect(new Date(event.timestamp).toISOString()).toBe(event.timestamp)
      expect(event.anonymousId).toBeTruthy()
      expect(event.integrations).toEqual({})
    }
  })

  it('fills context with library, page, userAgent, locale, timezone and campaign', async () => {
    document.title = 'Getting started'
    const { context } = await analytics.track('X')
    expect(context).toMatchObject({
      library: { name: 'relata', version },
      page: {
        path: '/docs/start',
        search: '?utm_source=news&utm_campaign=spring',
        title: 'Getting started',
        url: 'https://shop.example.com/docs/start?utm_source=news&utm_campaign=spring',
        referrer: '',
      },
      campaign: { source: 'news', name: 'spring' },
    })
    expect(context.userAgent).toBe(navigator.userAgent)
    expect(context.locale).toBe(navigator.language)
    expect(typeof context.timezone).toBe('string')
  })

  it('uses the canonical URL when the page declares one', async () => {
    const link = document.createElement('link')
    link.rel = 'canonical'
    link.href = 'https://example.com/guides/start'
    document.head.append(link)
    document.title = 'Canonical page'
    try {
      const event = await analytics.page()
      expect(event.context.page).toMatchObject({ url: 'https://example.com/guides/start?utm_source=news&utm_campaign=spring', path: '/guides/start' })
      expect(event.properties).toMatchObject({ path: '/guides/start' })
    } finally {
      link.remove()
    }
  })

  it('ignores a canonical link that is not a URL', async () => {
    const link = document.createElement('link')
    link.rel = 'canonical'
    link.setAttribute('href', 'http://[not a host')
    document.head.append(link)
    document.title = 'Broken canonical'
    try {
      const event = await analytics.page()
      expect(event.context.page).toMatchObject({ path: '/docs/start', url: 'https://shop.example.com/docs/start?utm_source=news&utm_campaign=spring' })
    } finally {
      link.remove()
    }
  })

  it('keeps a given timestamp and page context (for calls made before the bundle loaded)', async () => {
    const event = await analytics.track('Buffered', {}, { timestamp: '2024-05-01T10:00:00.000Z', context: { page: { path: '/then', url: 'https://shop.example.com/then' } } })
    expect(event.timestamp).toBe('2024-05-01T10:00:00.000Z')
    expect(event.context.page).toMatchObject({ path: '/then', url: 'https://shop.example.com/then', title: expect.any(String) })
  })
})
