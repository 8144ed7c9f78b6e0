import type { Analytics } from '../client/client'
import type { ClientEvents, Listener } from '../emitter'
import { ValidationError } from '../errors'
import type { JsonObject, LoadOptions } from '../types'
import { indexKeyed } from './arrays'
import { relationshipChanges } from './relationships'

/** What the legacy track.js snippet's script tag (`id="cio-tracker"`) configures. */
export interface LegacySettings {
  options: LoadOptions
  useArrayParams: boolean
  autoTrackPage: boolean
}

/** The `_cio` object track.js pages call, backed by a relata client. */
export interface LegacyCio {
  identify(attributes: JsonObject): void
  sidentify(attributes: JsonObject): void
  track(name: string, data?: JsonObject): void
  page(urlOrName?: string, data?: JsonObject): void
  reset(): void
  on(name: string, listener: (info: never) => void): void
  off(name: string, listener: (info: never) => void): void
  load(): void
  /** Snippet code may still push `[method, ...args]` after the bundle loaded. */
  push(...calls: unknown[]): number
}

const missingArrayParams = () =>
  new ValidationError(
    'data-use-array-params',
    'is not "true" on the cio-tracker script tag, so cio_relationships was not sent (the rest of the identify was)',
    "Add t.setAttribute('data-use-array-params', 'true') to your Customer.io snippet.",
  )

/** Reads the tag: `data-write-key` (else `data-site-id`), `data-api-host`, and the switches. */
export function legacySettings(tag: Element): LegacySettings | null {
  const writeKey = tag.getAttribute('data-write-key') || tag.getAttribute('data-site-id')
  if (!writeKey) {
    console.error('relata: the cio-tracker script tag has no data-write-key. Add t.setAttribute("data-write-key", "YOUR_WRITE_KEY") to your Customer.io snippet.')
    return null
  }
  const apiHost = tag.getAttribute('data-api-host')
  return {
    options: apiHost ? { writeKey, apiHost } : { writeKey },
    useArrayParams: tag.getAttribute('data-use-array-params') === 'true',
    autoTrackPage: tag.getAttribute('data-auto-track-page') !== 'false',
  }
}

const quiet = (result: Promise<unknown>) => void result.catch(() => {})
const isListenable = (name: string): name is keyof ClientEvents => name === 'error' || name === 'delivered'

/** Builds `_cio` on top of `client`; calls are refused or reported through the client's 'error'. */
export function legacyCio(client: Analytics, settings: LegacySettings): LegacyCio {
  const shape = (data: JsonObject | undefined) => (settings.useArrayParams || !data ? data ?? {} : (indexKeyed(data) as JsonObject))
  const identify = (attributes: JsonObject) => {
    const { id, cio_relationships: relationships, ...traits } = attributes ?? {}
    quiet(id === undefined || id === null || id === '' ? client.identify(shape(traits)) : client.identify(String(id), shape(traits)))
    if (relationships !== undefined) relate(client, relationships, settings.useArrayParams)
  }
  const cio: LegacyCio = {
    identify,
    sidentify: identify,
    track: (name, data) => quiet(client.track(name, shape(data))),
    page: (urlOrName, data) => quiet(urlOrName ? client.page(urlOrName, shape(data)) : client.page(shape(data))),
    reset: () => client.reset(),
    on: (name, listener) => isListenable(name) && client.on(name, listener as Listener<typeof name>),
    off: (name, listener) => isListenable(name) && client.off(name, listener as Listener<typeof name>),
    load: () => {},
    push: (...calls) => {
      for (const call of calls) replayLegacy(cio, call)
      return 0
    },
  }
  return cio
}

/** Replays one `[method, ...args]` pushed by the track.js stub; a throwing call is reported, not fatal. */
export function replayLegacy(cio: LegacyCio, call: unknown): void {
  if (!Array.isArray(call)) return
  const [method, ...args] = call as [keyof LegacyCio, ...unknown[]]
  try {
    ;(cio[method] as (...args: unknown[]) => void).apply(cio, args)
  } catch (error) {
    console.error(`relata: _cio.${String(method)}() threw; the other calls go on`, error)
  }
}

/** Each added relationship is a group call for this person, each deleted one a `Relationship Deleted` event. */
function relate(client: Analytics, relationships: unknown, useArrayParams: boolean): void {
  try {
    if (!useArrayParams) throw missingArrayParams()
    for (const change of relationshipChanges(relationships)) {
      if (change.add) quiet(client.group(change.objectId, { objectTypeId: change.objectTypeId, ...(change.attributes && { relationshipAttributes: change.attributes }) }))
      else quiet(client.track('Relationship Deleted', { objectId: change.objectId, objectTypeId: Number(change.objectTypeId) }))
    }
  } catch (error) {
    console.error((error as Error).message)
    quiet(client.refuseCall('identify', error))
  }
}
