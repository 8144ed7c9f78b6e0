import type { Analytics } from '../client/client'
import type { Listener } from '../emitter'
import { ValidationError } from '../errors'
import { quiet, replayAll } from '../snippet/replay'
import type { JsonObject, LoadOptions } from '../types'
import { indexKeyed } from './arrays'
import { relationshipChanges } from './relationships'

/** What the legacy track.js snippet's script tag (`id="cio-tracker"`) configures; internal, so its names are mangled. */
export interface LegacySettings {
  _options: LoadOptions
  _useArrayParams: boolean
  _autoTrackPage: boolean
}

/** The `_cio` object track.js pages call, backed by a relata client. */
export interface LegacyCio {
  identify(attributes: JsonObject): void
  sidentify(attributes: JsonObject): void
  track(name: string, data?: JsonObject): void
  page(urlOrName?: string, data?: JsonObject): void
  reset(): void
  on(name: string, listener: (...args: never[]) => void): void
  off(name: string, listener: (...args: never[]) => void): void
  load(): void
  /** Snippet code may still push `[method, ...args]` after the bundle loaded. */
  push(...calls: unknown[]): number
}

/** Reads the tag: `data-write-key` (else `data-site-id`), `data-api-host`, and the switches. */
export function legacySettings(tag: Element): LegacySettings | null {
  const data = (name: string) => tag.getAttribute('data-' + name)
  const writeKey = data('write-key') || data('site-id')
  const apiHost = data('api-host')
  if (!writeKey) {
    console.error("relata: data-write-key is missing on the cio-tracker script tag. Add t.setAttribute('data-write-key', 'YOUR_WRITE_KEY') to your Customer.io snippet.")
    return null
  }
  return {
    _options: apiHost ? { writeKey, apiHost } : { writeKey },
    _useArrayParams: data('use-array-params') == 'true',
    _autoTrackPage: data('auto-track-page') != 'false',
  }
}

/** Builds `_cio` on top of `client`; calls are refused or reported through the client's 'error'. */
export function legacyCio(client: Analytics, { _useArrayParams: useArrayParams }: LegacySettings): LegacyCio {
  const shape = (data: JsonObject | undefined) => ((useArrayParams ? data : indexKeyed(data)) ?? {}) as JsonObject
  // Each added relationship is a group call for this person, each deleted one a `Relationship Deleted` event.
  const relate = (relationships: unknown) => {
    try {
      if (!useArrayParams) {
        throw new ValidationError(
          'data-use-array-params',
          'is not "true" on the cio-tracker script tag, so cio_relationships was not sent (the rest of the identify was)',
          "Add t.setAttribute('data-use-array-params', 'true') to your Customer.io snippet.",
        )
      }
      for (const { add, objectId, objectTypeId, attributes } of relationshipChanges(relationships)) {
        // the track call writes the type as the integer the API expects
        quiet(add ? client.group(objectId, { objectTypeId, relationshipAttributes: attributes }) : client.track('Relationship Deleted', { objectId, objectTypeId }))
      }
    } catch (error) {
      console.error((error as Error).message)
      quiet(client._pipeline._refuse('identify', error))
    }
  }
  const identify = (attributes: JsonObject) => {
    const { id, cio_relationships, ...traits } = attributes ?? {}
    // no id (or an empty one) identifies by traits alone
    quiet(client.identify(String(id ?? '') || null, shape(traits)))
    if (cio_relationships !== undefined) relate(cio_relationships)
  }
  const cio: LegacyCio = {
    identify,
    sidentify: identify,
    track: (name, data) => quiet(client.track(name, shape(data))),
    // a null name is no name, as analytics.js reads page(null, properties)
    page: (urlOrName, data) => quiet(client.page(urlOrName || null, shape(data))),
    reset: () => client.reset(),
    // as on the client, a name it never emits is kept, as analytics.on keeps it
    on: (name, listener) => client.on(name as 'error', listener as Listener<'error'>),
    off: (name, listener) => client.off(name as 'error', listener as Listener<'error'>),
    load: () => {},
    push: (...calls) => replayAll(cio, calls),
  }
  return cio
}
