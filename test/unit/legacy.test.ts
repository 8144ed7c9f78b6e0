import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Analytics } from '../../src/client/client'
import { indexKeyed } from '../../src/legacy/arrays'
import { legacyCio, legacySettings, type LegacySettings } from '../../src/legacy/cio'
import { relationshipChanges } from '../../src/legacy/relationships'
import { clearBrowserState, loadClient, recordFetch, sentEvents, type SentRequest } from './helpers'

const acme = { identifiers: { object_type_id: '1', object_id: 'acme' }, relationship_attributes: { role: 'admin' } }

describe('index-keyed arrays', () => {
  it('turns arrays, nested too, into objects keyed by index', () => {
    expect(indexKeyed({ tags: ['a', { list: [1] }], n: 1, when: null })).toEqual({ tags: { 0: 'a', 1: { list: { 0: 1 } } }, n: 1, when: null })
  })
})

describe('cio_relationships', () => {
  it('reads added, deleted and plain-array relationships', () => {
    expect(relationshipChanges({ action: 'add_relationships', relationships: [acme] })).toEqual([{ add: true, objectId: 'acme', objectTypeId: '1', attributes: { role: 'admin' } }])
    expect(relationshipChanges({ action: 'delete_relationships', relationships: [{ identifiers: { object_type_id: 2, object_id: 7 } }] })).toEqual([{ add: false, objectId: '7', objectTypeId: '2' }])
    expect(relationshipChanges([{ identifiers: { object_id: 'globex' } }])).toEqual([{ add: true, objectId: 'globex', objectTypeId: '1' }])
  })

  it('names the field at fault', () => {
    expect(() => relationshipChanges({ action: 'link', relationships: [] })).toThrow(/cio_relationships\.action must be 'add_relationships' or 'delete_relationships'/)
    expect(() => relationshipChanges({ action: 'add_relationships' })).toThrow(/cio_relationships\.relationships must be an array/)
    expect(() => relationshipChanges([{ identifiers: {} }])).toThrow(/cio_relationships\.relationships\[0\]\.identifiers\.object_id is missing/)
    expect(() => relationshipChanges([{ identifiers: { object_id: 'a', object_type_id: 'course' } }])).toThrow(/identifiers\.object_type_id must be a positive integer/)
  })
})

describe('the cio-tracker tag', () => {
  const tag = (attributes: Record<string, string>) => {
    const script = document.createElement('script')
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value)
    return script
  }

  it('gives the write key (data-write-key, else data-site-id), endpoint and switches', () => {
    expect(legacySettings(tag({ 'data-site-id': 'site', 'data-api-host': 'https://cdp-eu.customer.io/v1', 'data-use-array-params': 'true' }))).toEqual({
      _options: { writeKey: 'site', apiHost: 'https://cdp-eu.customer.io/v1' },
      _useArrayParams: true,
      _autoTrackPage: true,
    })
    expect(legacySettings(tag({ 'data-site-id': 'site', 'data-write-key': 'key', 'data-auto-track-page': 'false' }))).toMatchObject({ _options: { writeKey: 'key' }, _useArrayParams: false, _autoTrackPage: false })
  })

  it('says how to add a write key when there is none', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(legacySettings(tag({}))).toBeNull()
    expect(error).toHaveBeenCalledWith(expect.stringContaining('data-write-key'))
    error.mockRestore()
  })
})

describe('_cio', () => {
  let client: Analytics
  let sent: SentRequest[]
  const settings = (useArrayParams: boolean): LegacySettings => ({ _options: { writeKey: 'k' }, _useArrayParams: useArrayParams, _autoTrackPage: false })

  beforeEach(() => {
    clearBrowserState()
    sent = recordFetch()
    client = loadClient()
  })
  afterEach(() => {
    client.close()
    vi.restoreAllMocks()
  })

  it('identifies by id, or by traits alone when only an email is given', async () => {
    const cio = legacyCio(client, settings(true))
    cio.identify({ email: 'anon@example.com' })
    cio.identify({ id: 42, email: 'ada@example.com', created_at: 1700000000 })
    await client.flush()
    const [byEmail, byId] = sentEvents(sent)
    expect(byEmail).not.toHaveProperty('userId')
    expect(byEmail?.traits).toEqual({ email: 'anon@example.com' })
    expect(byId).toMatchObject({ userId: '42', traits: { email: 'ada@example.com', created_at: 1700000000 } })
  })

  it('refuses cio_relationships without data-use-array-params everywhere it is heard, and sends the identify', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {})
    const cio = legacyCio(client, settings(false))
    const heard = vi.fn()
    cio.on('error', heard)
    cio.identify({ id: 'u1', tags: ['a'], cio_relationships: { action: 'add_relationships', relationships: [acme] } })
    await client.flush()
    expect(sentEvents(sent).map((event) => event.type)).toEqual(['identify'])
    expect(sentEvents(sent)[0]?.traits).toEqual({ tags: { 0: 'a' } })
    const message = 'relata: data-use-array-params is not "true" on the cio-tracker script tag'
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining(message))
    expect(heard).toHaveBeenCalledWith(expect.objectContaining({ reason: 'validation', error: expect.objectContaining({ field: 'data-use-array-params', message: expect.stringContaining("t.setAttribute('data-use-array-params', 'true')") }) }))
  })

  it('stops hearing errors after off', async () => {
    const cio = legacyCio(client, settings(true))
    const heard = vi.fn()
    cio.on('error', heard)
    cio.off('error', heard)
    cio.track('')
    await client.flush()
    expect(heard).not.toHaveBeenCalled()
  })

  it('replays pushes made after load, and reset forgets the person', async () => {
    const cio = legacyCio(client, settings(true))
    cio.push(['identify', { id: 'u1' }], ['track', 'Pushed', { list: [1, 2] }])
    cio.reset()
    cio.page()
    await client.flush()
    const [, pushed, page] = sentEvents(sent)
    expect(pushed).toMatchObject({ event: 'Pushed', userId: 'u1', properties: { list: [1, 2] } })
    expect(page).not.toHaveProperty('userId')
  })
})
