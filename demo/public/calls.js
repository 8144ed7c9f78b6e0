// The demo's calls to relata, one function per button, each a single call to one of
// relata's relationship helpers, so the story reads the way an app would write it.

/**
 * @typedef {import('../../src/index').Analytics} Client
 * @typedef {import('../../src/index').JsonObject} Json
 * @typedef {{ objectId: string, objectTypeId?: string, traits?: Json, relationshipAttributes?: Json }} ObjectRef
 */

export const helpers = {
  /** Creates or updates the object and relates the current person to it. @param {Client} analytics @param {ObjectRef} ref */
  relate: (analytics, { objectId, objectTypeId = '1', traits = {}, relationshipAttributes = {} }) =>
    analytics.relate(objectId, { objectTypeId: Number(objectTypeId), attributes: relationshipAttributes, objectAttributes: traits }),
  /** @param {Client} analytics @param {ObjectRef} ref */
  unrelate: (analytics, { objectId, objectTypeId = '1' }) => analytics.unrelate(objectId, { objectTypeId: Number(objectTypeId) }),
  /** @param {Client} analytics @param {ObjectRef} ref */
  deleteObject: (analytics, { objectId, objectTypeId = '1' }) => analytics.deleteObject(objectId, { objectTypeId: Number(objectTypeId) }),
  /** @param {Client} analytics */
  deletePerson: (analytics) => analytics.deletePerson(),
  /** @param {Client} analytics */
  suppress: (analytics) => analytics.suppress(),
  /** @param {Client} analytics */
  unsuppress: (analytics) => analytics.unsuppress(),
  /** @param {Client} analytics @param {{ token: string, platform: 'ios' | 'android' }} device */
  addDevice: (analytics, { token, platform }) => analytics.addDevice(token, { type: platform }),
  /** @param {Client} analytics @param {{ token: string }} device */
  deleteDevice: (analytics, { token }) => analytics.deleteDevice(token),
}

/**
 * The SaaS story: Ada signs up, joins two companies with different roles, works, leaves
 * one, and the other company is deleted. Each step is what one button sends.
 * @type {Array<{ id: string, title: string, detail: string, run: (analytics: Client) => Promise<unknown> }>}
 */
export const story = [
  {
    id: 'sign-up',
    title: 'Ada signs up',
    detail: 'identify("ada-42", { email, name, plan }) creates the person.',
    run: (analytics) => analytics.identify('ada-42', { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'trial' }),
  },
  {
    id: 'join-acme',
    title: 'Ada joins Acme as an admin',
    detail: 'relate: a group call creates the company and a relationship with role "admin".',
    run: (analytics) => helpers.relate(analytics, { objectId: 'acme', traits: { name: 'Acme Inc.', industry: 'Manufacturing', seats: 40 }, relationshipAttributes: { role: 'admin' } }),
  },
  {
    id: 'join-globex',
    title: 'Ada joins Globex as a contributor',
    detail: 'The same person, a second company, a different role.',
    run: (analytics) => helpers.relate(analytics, { objectId: 'globex', traits: { name: 'Globex', industry: 'Energy', seats: 12 }, relationshipAttributes: { role: 'contributor' } }),
  },
  {
    id: 'create-board',
    title: 'Ada creates a board',
    detail: 'track("Board Created") lands on her timeline.',
    run: (analytics) => analytics.track('Board Created', { board: 'Q3 roadmap', company: 'acme' }),
  },
  {
    id: 'leave-globex',
    title: 'Ada leaves Globex',
    detail: 'unrelate: "Relationship Deleted" removes only that relationship.',
    run: (analytics) => helpers.unrelate(analytics, { objectId: 'globex' }),
  },
  {
    id: 'delete-acme',
    title: 'Acme is deleted',
    detail: 'deleteObject: "Object Deleted" removes the company and all its relationships.',
    run: (analytics) => helpers.deleteObject(analytics, { objectId: 'acme' }),
  },
]
