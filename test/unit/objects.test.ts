import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { validatePayload } from '../../demo/collector/validate.mjs'
import type { Analytics } from '../../src/client/client'
import { ValidationError } from '../../src/errors'
import type { RelataEvent } from '../../src/types'
import { freshClient, loadClient, sentEvents, type SentRequest } from './helpers'

let analytics: Analytics
let sent: SentRequest[]

beforeEach(() => void ({ analytics, sent } = freshClient()))
afterEach(() => analytics.close())

const valid = (event: RelataEvent) => expect(validatePayload('event', JSON.parse(JSON.stringify(event)))).toEqual([])

describe('group', () => {
  it.each([
    ['traits.objectTypeId as a number', { objectTypeId: 2 }, {}],
    ['traits.object_type_id as a string', { object_type_id: '2' }, {}],
    ['options.objectTypeId', {}, { objectTypeId: 2 }],
  ])('reads the object type from %s and sends it as traits.object_type_id', async (_, traits, options) => {
    const event = await analytics.group('acme', { name: 'Acme', ...traits }, options)
    expect(event.traits).toEqual({ name: 'Acme', object_type_id: '2' })
    expect(event.context.objectTypeId).toBeUndefined()
    valid(event)
  })

  it('leaves the type out when none is given, so the API assumes 1', async () => {
    expect((await analytics.group('acme', { name: 'Acme' })).traits).toEqual({ name: 'Acme' })
  })

  it('keeps relationshipAttributes apart from the object attributes', async () => {
    await analytics.identify('ada')
    const event = await analytics.group('acme', { name: 'Acme', relationshipAttributes: { role: 'admin' } })
    expect(event).toMatchObject({ userId: 'ada', traits: { name: 'Acme', relationshipAttributes: { role: 'admin' } } })
    expect(analytics.user().id()).toBe('ada')
    expect(localStorage.getItem('ajs_group_properties')).toBe('{"name":"Acme"}')
    valid(event)
  })

  it('updates only the object when nobody is identified', async () => {
    const event = await analytics.group('acme', { name: 'Acme' })
    expect(event.userId).toBeUndefined()
    valid(event)
  })

  it.each([0, -1, 1.5, 'abc', '01', true])('refuses object type %j, naming the field', async (type) => {
    await expect(analytics.group('acme', { objectTypeId: type as never })).rejects.toThrow(/group objectTypeId must be a positive integer/)
  })

  it('refuses an empty object id and one over 150 characters', async () => {
    await expect(analytics.group('')).rejects.toThrow(/group groupId is missing or empty/)
    await expect(analytics.group('x'.repeat(151))).rejects.toThrow(/151 characters, over Customer.io's 150-character limit/)
    await expect(analytics.group('x'.repeat(150))).resolves.toBeDefined()
  })

  it('refuses "relationship" as an object attribute', async () => {
    await expect(analytics.group('acme', { relationship: 'x' })).rejects.toThrow(/group traits.relationship is reserved/)
  })

  it('refuses object attributes over 100 KB', async () => {
    const error = await analytics.group('acme', { blob: 'x'.repeat(101 * 1024) }).catch((e) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error.field).toBe('group traits')
    expect(error.message).toMatch(/100 KB limit/)
  })
})

describe('identify with a relationship', () => {
  it('normalizes traits.objectId, objectTypeId and relationshipAttributes, without storing them as traits', async () => {
    const event = await analytics.identify('ada', { email: 'ada@example.com', objectId: 'math101', objectTypeId: 2, relationshipAttributes: { grade: 'A-' } })
    expect(event.traits).toEqual({ email: 'ada@example.com', objectId: 'math101', objectTypeId: '2', relationshipAttributes: { grade: 'A-' } })
    expect(analytics.user().traits()).toEqual({ email: 'ada@example.com' })
    valid(event)
  })

  it('normalizes context.groupId and context.objectTypeId', async () => {
    const event = await analytics.identify('ada', {}, { context: { groupId: 'math101', objectTypeId: 3, relationshipTraits: { role: 'student' } } })
    expect(event.context).toMatchObject({ groupId: 'math101', objectTypeId: '3', relationshipTraits: { role: 'student' } })
    valid(event)
  })

  it('refuses a bad inline object id or type', async () => {
    await expect(analytics.identify('ada', { objectId: '' })).rejects.toThrow(/identify traits.objectId is missing/)
    await expect(analytics.identify('ada', { objectId: 'a', objectTypeId: 'x' })).rejects.toThrow(/identify traits.objectTypeId must be a positive integer/)
    await expect(analytics.identify('ada', {}, { context: { groupId: 'y'.repeat(151) } })).rejects.toThrow(/identify context.groupId/)
  })

  it('refuses "_relationship" as a person attribute', async () => {
    await expect(analytics.identify('ada', { _relationship: 1 })).rejects.toThrow(/identify traits._relationship is reserved/)
  })
})

describe('relationship helpers', () => {
  beforeEach(async () => {
    await analytics.identify('ada')
  })

  it('relate sends a group call relating the person, with both kinds of attributes', async () => {
    const event = await analytics.relate('acme', { objectTypeId: 1, attributes: { role: 'admin' }, objectAttributes: { name: 'Acme' } })
    expect(event).toMatchObject({ type: 'group', userId: 'ada', groupId: 'acme', traits: { name: 'Acme', object_type_id: '1', relationshipAttributes: { role: 'admin' } } })
    valid(event)
  })

  it('unrelate sends Relationship Deleted with an integer type, 1 by default', async () => {
    const event = await analytics.unrelate('acme')
    expect(event).toMatchObject({ type: 'track', event: 'Relationship Deleted', userId: 'ada', properties: { objectId: 'acme', objectTypeId: 1 } })
    expect((await analytics.unrelate('course', { objectTypeId: '2' })).properties).toEqual({ objectId: 'course', objectTypeId: 2 })
    valid(event)
  })

  it('deleteObject sends Object Deleted', async () => {
    const event = await analytics.deleteObject('acme', { objectTypeId: 1 })
    expect(event).toMatchObject({ event: 'Object Deleted', properties: { objectId: 'acme', objectTypeId: 1 } })
    expect(event.anonymousId).toBeTruthy()
    valid(event)
  })

  it.each([
    ['deletePerson', 'User Deleted'],
    ['suppress', 'User Suppressed'],
    ['unsuppress', 'User Unsuppressed'],
  ] as const)('%s sends %s for the identified person', async (method, name) => {
    const event = await analytics[method]()
    expect(event).toMatchObject({ type: 'track', event: name, userId: 'ada' })
    valid(event)
  })

  it('addDevice and deleteDevice put the token in context.device', async () => {
    const added = await analytics.addDevice('fcm-token', { type: 'android', attributes: { app_version: '2.1' } })
    expect(added).toMatchObject({ event: 'Device Created or Updated', properties: { app_version: '2.1' } })
    expect(added.context.device).toEqual({ token: 'fcm-token', type: 'android' })
    const deleted = await analytics.deleteDevice('fcm-token')
    expect(deleted).toMatchObject({ event: 'Device Deleted' })
    expect(deleted.context.device).toEqual({ token: 'fcm-token' })
    valid(added)
    valid(deleted)
  })

  it('refuses a missing device token', async () => {
    await expect(analytics.addDevice('')).rejects.toThrow(/"Device Created or Updated" device token is missing/)
  })

  it('checks semantic events tracked by name too', async () => {
    const event = await analytics.track('Relationship Deleted', { objectId: 'acme', objectTypeId: '4' })
    expect(event.properties).toEqual({ objectId: 'acme', objectTypeId: 4 })
    await expect(analytics.track('Object Deleted', {})).rejects.toThrow(/"Object Deleted" properties.objectId is missing/)
  })
})

describe('helpers without an identified person', () => {
  it.each(['relate', 'unrelate', 'deletePerson', 'suppress', 'unsuppress', 'addDevice', 'deleteDevice'] as const)(
    '%s is refused with a clear error and nothing else is lost',
    async (method) => {
      const errors: string[] = []
      analytics.on('error', ({ error }) => errors.push(error.message))
      const call = (analytics[method] as (...args: unknown[]) => Promise<RelataEvent>).call(analytics, 'token-or-id')
      await expect(call).rejects.toThrow(/needs an identified person.*identify\(userId\)/)
      await analytics.track('Still Sent')
      await analytics.flush()
      expect(sentEvents(sent).map((event) => event.event)).toEqual(['Still Sent'])
      expect(errors).toHaveLength(1)
    },
  )

  it('deleteObject works for anyone', async () => {
    await expect(analytics.deleteObject('acme')).resolves.toMatchObject({ event: 'Object Deleted' })
  })
})

describe('JSON', () => {
  it('sends a BigInt as a string and a Date as an ISO string', async () => {
    const event = await analytics.track('Values', { big: 12345678901234567890n, at: new Date('2024-01-02T03:04:05Z') })
    await analytics.flush()
    expect(sentEvents(sent)[0]!.properties).toEqual({ big: '12345678901234567890', at: '2024-01-02T03:04:05.000Z' })
    expect(event.event).toBe('Values')
  })

  it('refuses a circular value, naming where it is', async () => {
    const traits: Record<string, unknown> = { name: 'loop' }
    traits.self = traits
    await expect(analytics.identify('ada', traits)).rejects.toThrow(/identify traits cannot be sent as JSON/)
  })
})

describe('convertTimestamps', () => {
  it('turns ISO-8601 date-times in traits and properties, nested too, into Unix seconds', async () => {
    const client = loadClient({ convertTimestamps: true })
    const event = await client.track('Converted', {
      at: '2023-05-18T22:58:45+00:00',
      nested: { list: ['2023-05-18T22:58:45Z', 'not a date'], date: new Date('2023-05-18T22:58:45Z') },
      local: '2023-05-18T22:58:45',
      day: '2023-05-18',
      invalid: '2023-13-45T99:99:99Z',
      count: 3,
    })
    expect(event.properties).toEqual({
      at: 1684450725,
      nested: { list: [1684450725, 'not a date'], date: 1684450725 },
      local: '2023-05-18T22:58:45',
      day: '2023-05-18',
      invalid: '2023-13-45T99:99:99Z',
      count: 3,
    })
    expect((await client.identify('ada', { created_at: '2023-05-18T22:58:45.900+00:00' })).traits).toEqual({ created_at: 1684450725 })
    client.close()
  })

  it('is off unless asked for', async () => {
    expect((await analytics.track('Kept', { at: '2023-05-18T22:58:45+00:00' })).properties).toEqual({ at: '2023-05-18T22:58:45+00:00' })
  })
})
