import type { CallOptions, EventType, JsonObject, RelataEvent } from '../types'
import type { IdentityState } from '../identity/identity'
import type { ContextCache, PageFields } from './page-context'
import { convertTimestamps } from '../objects/timestamps'
import { pageFrom, type RecordedPage } from '../snippet/page'
import { uuid } from '../uuid'

/** What the public method contributes; the builder adds ids, time and context. */
export type EventFields = Partial<Pick<RelataEvent, 'anonymousId' | 'userId' | 'event' | 'name' | 'groupId' | 'previousId' | 'traits' | 'properties'>>

const optionKeys = new Set(['integrations', 'timestamp', 'anonymousId', 'context', 'objectTypeId'])

/**
 * `fieldsFor` gets the event's context, which page views copy from; the fields it returns
 * (an identify's new ids among them) win over the stored identity. A call a snippet
 * `recorded` takes the time and page of its recording, unless its options give them.
 */
export function buildEvent(
  type: EventType,
  options: CallOptions,
  identity: IdentityState,
  contexts: ContextCache,
  fieldsFor: (context: JsonObject) => EventFields,
  timestampsToSeconds: boolean,
  recorded?: RecordedPage,
): RelataEvent {
  const timestamp = toIso(options.timestamp ?? recorded?.d)
  const context = contextFor(options, contexts, recorded && pageFrom(recorded))
  const fields = fieldsFor(context)
  if (timestampsToSeconds) {
    if (fields.traits) fields.traits = convertTimestamps(fields.traits)
    if (fields.properties) fields.properties = convertTimestamps(fields.properties)
  }
  // Assigned step by step rather than spread: this runs for every call.
  const event = { type, messageId: uuid(), timestamp, anonymousId: identity.anonymousId } as RelataEvent
  if (identity.userId !== null) event.userId = identity.userId
  Object.assign(event, fields)
  if (options.anonymousId !== undefined) event.anonymousId = options.anonymousId
  event.integrations = options.integrations ?? {}
  event.context = context
  return event
}

/** Calls within the same millisecond share one ISO string. */
const clock: { _ms: number; _iso?: string } = { _ms: -1 }

/** A Date, an ISO string or epoch milliseconds; anything else, or no time, means now. */
function toIso(time: Date | string | number | null | undefined): string {
  if (time == null) {
    const now = Date.now()
    if (now !== clock._ms) clock._iso = new Date((clock._ms = now)).toISOString()
    // set by the first call, as no time is -1 ms
    return clock._iso!
  }
  // a Date is copied, with its time
  const date = new Date(time)
  return (isNaN(+date) ? new Date() : date).toISOString()
}

function contextFor(options: CallOptions, contexts: ContextCache, recorded: PageFields | undefined): JsonObject {
  let extra: JsonObject | undefined
  for (const key in options) {
    if (!optionKeys.has(key)) (extra ??= {})[key] = options[key]
  }
  const given = options.context
  const page = given?.page as JsonObject | undefined
  const base = page || recorded ? contexts._build({ ...(recorded ?? (contexts._current().page as PageFields)), ...(page as Partial<PageFields>) }) : contexts._current()
  // Nothing to merge: the frozen context is shared as it is.
  if (!extra && !given) return base
  return { ...base, ...extra, ...given, ...(page && { page: base.page }) }
}
