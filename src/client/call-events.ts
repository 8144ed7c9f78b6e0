import type { Emitter } from '../emitter'
import type { CallOptions, RelataEvent } from '../types'

/**
 * Tells the listeners of an accepted event's call name, with the arguments analytics.js
 * gives them, so code written for `analytics.on('track', …)` keeps working.
 */
export function emitCall(emitter: Emitter, event: RelataEvent, options: CallOptions): void {
  const { type, properties = {}, traits = {} } = event
  if (!emitter._heard(type)) return
  if (type === 'track') emitter._emit(type, event.event as string, properties, options)
  else if (type === 'page' || type === 'screen') emitter._emit(type, (properties.category as string | undefined) ?? null, event.name ?? null, properties, options)
  else if (type === 'identify') emitter._emit(type, event.userId ?? null, traits, options)
  else if (type === 'group') emitter._emit(type, event.groupId as string, traits, options)
  else emitter._emit(type, event.userId as string, event.previousId as string, options)
}
