import type { JsonObject } from '../types'
import type { KeyValueStore } from '../storage/stores'
import { isObject } from '../client/arguments'
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
  _ids: { anonymousId: string; userId?: string }
  traits: JsonObject
  _apply(): void
}

export interface IdentityState {
  anonymousId: string
  userId: string | null
  traits: JsonObject
  groupId: string | null
  groupTraits: JsonObject
}

export interface Identity {
  readonly _state: IdentityState
  /**
   * Works out what an identify changes without changing anything yet: the event is built
   * from `_ids` and `traits`, and `_apply()` stores them once the event has been accepted,
   * so a refused call leaves the visitor as they were. Traits gathered while anonymous are
   * carried into the first known user; a different user starts over with a new anonymousId.
   */
  _planIdentify(userId: string | null, traits: JsonObject): IdentityChange
  /** Like `_planIdentify`, for the visitor's group: stored by the function returned. */
  _planGroup(groupId: string, traits: JsonObject): () => void
  _setAnonymousId(id: string): void
  /** Forgets the user and group and starts a new anonymous visitor. */
  reset(): void
}

/**
 * Who the visitor is. Ids go to `ids` (cookies and localStorage), traits to `traitStore`
 * (localStorage only, as cookies are too small). Both stores fall back to memory.
 */
export function identityFrom(ids: KeyValueStore, traitStore: KeyValueStore): Identity {
  const save = (key: string, value: string): string => {
    ids.set(key, JSON.stringify(value))
    return value
  }
  const setAnonymousId = (id: string) => {
    state.anonymousId = save(storageKeys.anonymousId, id)
  }
  const state: IdentityState = {
    anonymousId: readString(ids, storageKeys.anonymousId) ?? save(storageKeys.anonymousId, uuid()),
    userId: readString(ids, storageKeys.userId),
    traits: readObject(traitStore, storageKeys.userTraits),
    groupId: readString(ids, storageKeys.groupId),
    groupTraits: readObject(traitStore, storageKeys.groupTraits),
  }
  return {
    _state: state,
    _setAnonymousId: setAnonymousId,
    _planIdentify(userId, traits) {
      const newUser = userId !== null && state.userId !== null && userId !== state.userId
      const anonymousId = newUser ? uuid() : state.anonymousId
      const merged = { ...(newUser ? {} : state.traits), ...traits }
      const mergedJson = toJson(merged, 'identify traits')
      const knownId = userId ?? state.userId
      return {
        _ids: knownId === null ? { anonymousId } : { anonymousId, userId: knownId },
        traits: merged,
        _apply: () => {
          if (newUser) setAnonymousId(anonymousId)
          // knownId is null only while state.userId is too
          if (knownId !== state.userId) state.userId = save(storageKeys.userId, knownId!)
          traitStore.set(storageKeys.userTraits, mergedJson)
          state.traits = merged
        },
      }
    },
    _planGroup(groupId, traits) {
      const merged = { ...(groupId === state.groupId ? state.groupTraits : {}), ...traits }
      const mergedJson = toJson(merged, 'group traits')
      return () => {
        traitStore.set(storageKeys.groupTraits, mergedJson)
        state.groupId = save(storageKeys.groupId, groupId)
        state.groupTraits = merged
      }
    },
    reset() {
      ids.set(storageKeys.userId, null)
      ids.set(storageKeys.groupId, null)
      traitStore.set(storageKeys.userTraits, null)
      traitStore.set(storageKeys.groupTraits, null)
      Object.assign(state, { userId: null, traits: {}, groupId: null, groupTraits: {} })
      setAnonymousId(uuid())
    },
  }
}

/**
 * Accepts both JSON-quoted values (analytics.js) and raw ones (older cookies). Older
 * analytics.js versions left `null` and `undefined` behind: they mean no id, not a user
 * named "null" that every such visitor would share.
 */
function readString(store: KeyValueStore, key: string): string | null {
  const raw = store.get(key)
  if (!raw || raw === 'null' || raw === 'undefined') return null
  try {
    const parsed: unknown = JSON.parse(raw)
    return typeof parsed === 'string' ? parsed || null : typeof parsed === 'number' ? String(parsed) : raw
  } catch {
    return raw
  }
}

function readObject(store: KeyValueStore, key: string): JsonObject {
  try {
    // nothing stored reads as null, which JSON.parse keeps: not an object, so no traits
    const parsed: unknown = JSON.parse(store.get(key) as string)
    return isObject(parsed) ? parsed : {}
  } catch {
    return {}
  }
}
