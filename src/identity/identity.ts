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

/** An identify worked out but not yet stored. */
export interface IdentityChange {
  ids: { anonymousId: string; userId?: string }
  traits: JsonObject
  apply(): void
}

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
   * Works out what an identify changes without changing anything yet: the event is built
   * from `ids` and `traits`, and `apply()` stores them once the event has been accepted,
   * so a refused call leaves the visitor as they were. Traits gathered while anonymous are
   * carried into the first known user; a different user starts over with a new anonymousId.
   */
  planIdentify(userId: string | null, traits: JsonObject): IdentityChange {
    const state = this.state
    const newUser = userId !== null && state.userId !== null && userId !== state.userId
    const anonymousId = newUser ? uuid() : state.anonymousId
    const merged = { ...(newUser ? {} : state.traits), ...traits }
    const mergedJson = toJson(merged, 'identify traits')
    const knownId = userId ?? state.userId
    return {
      ids: knownId === null ? { anonymousId } : { anonymousId, userId: knownId },
      traits: merged,
      apply: () => {
        if (anonymousId !== state.anonymousId) this.setAnonymousId(anonymousId)
        if (knownId !== null && knownId !== state.userId) state.userId = this.save(storageKeys.userId, knownId)
        this.traitStore.set(storageKeys.userTraits, mergedJson)
        state.traits = merged
      },
    }
  }

  /** Like `planIdentify`, for the visitor's group: stored by `apply()`. */
  planGroup(groupId: string, traits: JsonObject): () => void {
    const merged = { ...(groupId === this.state.groupId ? this.state.groupTraits : {}), ...traits }
    const mergedJson = toJson(merged, 'group traits')
    return () => {
      this.traitStore.set(storageKeys.groupTraits, mergedJson)
      this.state.groupId = this.save(storageKeys.groupId, groupId)
      this.state.groupTraits = merged
    }
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
