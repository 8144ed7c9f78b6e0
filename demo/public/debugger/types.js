// Types only: the debugger reads exactly what /api/state returns.

/**
 * @typedef {ReturnType<ReturnType<typeof import('../../collector/store.mjs').createStore>['snapshot']>} State
 * @typedef {State['events'][number]} Entry
 * @typedef {State['people'][number]} Person
 * @typedef {State['objects'][number]} StoredObject
 * @typedef {State['relationships'][number]} Relationship
 * @typedef {State['devices'][number]} Device
 * @typedef {{
 *   tab: 'people' | 'objects' | 'devices' | 'errors',
 *   personTab: 'attributes' | 'relationships' | 'timeline' | 'devices',
 *   person: string | null,
 *   filter: 'all' | 'accepted' | 'rejected' | 'problems',
 *   search: string,
 *   openPayloads: Set<number>,
 * }} View what the visitor chose; kept across re-renders
 */

export {}
