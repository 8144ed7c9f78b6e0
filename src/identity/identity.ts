import type { JsonObject } from '../types'
import type { KeyValueStore } from '../storage/stores'
import { toJson } from '../json'
import { uuid } from '../uuid'

/** Storage keys shared with analytics.js and Customer.io's SDK, so visitors keep their identity. */
export const storageKeys = {
  anonymousId: 'ajs_anonymous_id',
  userId: 'ajs_user_id',
  userTraits: 'ajs_user_traits',
  groupId: 'ajs_group_id',
  groupTraits: 'ajs_group_properties',
} as const

export interface IdentityState {
  anonymousId: string
  userId: string | null
  traits: JsonObject
  groupId: string | null
  groupTraits: JsonObject
}

/**
 * Who the visitor is. Ids go to `ids` (cookies and localStorage), traits to `traits`
 * (localStorage only, as cookies are too small). Both stores fall back to memory.
 */
export class Identity {
  readonly state: IdentityState

  constructor(
    private readonly ids: KeyValueStore,
    private readonly traitStore: KeyValueStore,
  ) {
    this.state = {
      anonymousId: readString(ids, storageKeys.anonymousId) ?? this.save(storageKeys.anonymousId, uuid()),
      userId: readString(ids, storageKeys.userId),
      traits: readObject(traitStore, storageKeys.userTraits),
      groupId: readString(ids, storageKeys.groupId),
      groupTraits: readObject(traitStore, storageKeys.groupTraits),
    }
  }

  /**
   * Records an identify and returns the traits to send. Traits gathered while anonymous are
   * carried into the first known user; a different user starts over with a new anonymousId.
   */
  identify(userId: string | null, traits: JsonObject): JsonObject {
    const state = this.state
    if (userId !== null && state.userId !== null && userId !== state.userId) {
      this.setAnonymousId(uuid())
      state.traits = {}
    }
    if (userId !== null && userId !== state.userId) {
      state.userId = this.save(storageKeys.userId, userId)
    }
    const merged = { ...state.traits, ...traits }
    this.traitStore.set(storageKeys.userTraits, toJson(merged, 'identify traits'))
    state.traits = merged
    return state.traits
  }

  group(groupId: string, traits: JsonObject): void {
    const merged = { ...(groupId === this.state.groupId ? this.state.groupTraits : {}), ...traits }
    this.traitStore.set(storageKeys.groupTraits, toJson(merged, 'group traits'))
    this.state.groupId = this.save(storageKeys.groupId, groupId)
    this.state.groupTraits = merged
  }

  setAnonymousId(id: string): void {
    this.state.anonymousId = this.save(storageKeys.anonymousId, id)
  }

  /** Forgets the user and group and starts a new anonymous visitor. */
  reset(): void {
    for (const key of [storageKeys.userId, storageKeys.groupId]) this.ids.set(key, null)
    for (const key of [storageKeys.userTraits, storageKeys.groupTraits]) this.traitStore.set(key, null)
    Object.assign(this.state, { userId: null, traits: {}, groupId: null, groupTraits: {} })
    this.setAnonymousId(uuid())
  }

  private save(key: string, value: string): string {
    this.ids.set(key, JSON.stringify(value))
    return value
  }
}

/** Accepts both JSON-quoted values (analytics.js) and raw ones (older cookies). */
function readString(store: KeyValueStore, key: string): string | null {
  const raw = store.get(key)
  if (raw === null || raw === '') return null
  try {
    const parsed: unknown = JSON.parse(raw)
    return typeof parsed === 'string' ? parsed : typeof parsed === 'number' ? String(parsed) : raw
  } catch {
    return raw
  }
}

function readObject(store: KeyValueStore, key: string): JsonObject {
  try {
    const parsed: unknown = JSON.parse(store.get(key) ?? '{}')
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as JsonObject) : {}
  } catch {
    return {}
  }
}
