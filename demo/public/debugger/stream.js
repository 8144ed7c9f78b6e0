// The event stream: every call that reached the collector, newest first, with whether it
// was accepted, why not, and what it did to people, objects and relationships.
import { h } from './dom.js'
import { clock, pretty } from './format.js'

/** @typedef {import('./types.js').Entry} Entry @typedef {import('./types.js').View} View */

const shownAtMost = 300

/** @param {Entry} entry */
export function outcomeOf(entry) {
  if (entry.status === 'rejected') return { key: 'rejected', label: entry.httpStatus === 0 ? 'dropped' : `rejected ${entry.httpStatus}` }
  if (entry.status === 'duplicate') return { key: 'duplicate', label: 'duplicate' }
  if (entry.errors.length > 0) return { key: 'failed', label: 'destination error' }
  return { key: 'accepted', label: 'accepted' }
}

/** @param {Entry} entry @param {View} view */
function matches(entry, view) {
  const outcome = outcomeOf(entry).key
  if (view.filter === 'accepted' && outcome !== 'accepted') return false
  if (view.filter === 'rejected' && outcome !== 'rejected') return false
  if (view.filter === 'problems' && (outcome === 'accepted' || outcome === 'duplicate')) return false
  if (!view.search) return true
  const haystack = [entry.type, entry.name, entry.userId, entry.anonymousId, entry.messageId, ...entry.reasons, ...entry.effects, ...entry.errors].join(' ').toLowerCase()
  return haystack.includes(view.search.toLowerCase())
}

/** @param {Entry[]} entries @param {View} view */
export function renderStream(entries, view) {
  const shown = entries.filter((entry) => matches(entry, view)).reverse()
  if (shown.length === 0) {
    return [h('li.empty', null, entries.length === 0 ? 'No events yet. Use the demo page, or point an SDK at this collector.' : 'No event matches this filter.')]
  }
  const items = shown.slice(0, shownAtMost).map((entry) => renderEntry(entry, view))
  if (shown.length > shownAtMost) items.push(h('li.empty', null, `${shown.length - shownAtMost} older events are not shown.`))
  return items
}

/** @param {Entry} entry @param {View} view */
function renderEntry(entry, view) {
  const outcome = outcomeOf(entry)
  const who = entry.userId ?? (entry.anonymousId ? `anon ${entry.anonymousId.slice(0, 8)}` : '')
  const payload = h('details.payload', { open: view.openPayloads.has(entry.seq) },
    h('summary', null, 'payload'),
    h('pre', null, pretty(entry.payload)),
  )
  payload.addEventListener('toggle', () => {
    if (/** @type {HTMLDetailsElement} */ (payload).open) view.openPayloads.add(entry.seq)
    else view.openPayloads.delete(entry.seq)
  })
  return h(`li.entry.${outcome.key}`, { 'data-seq': entry.seq, 'data-message-id': entry.messageId ?? '' },
    h('div.entry-line', null,
      h(`span.type.type-${entry.type ?? 'unknown'}`, null, entry.type ?? 'request'),
      h('span.entry-name', null, entry.name ?? ''),
      h('span.entry-who', { title: entry.anonymousId ?? '' }, who),
      h(`span.outcome.outcome-${outcome.key}`, null, outcome.label),
      h('time', { datetime: new Date(entry.at).toISOString() }, clock(entry.at)),
    ),
    entry.reasons.length > 0 && h('ul.reasons', null, entry.reasons.map((reason) => h('li', null, reason))),
    entry.errors.length > 0 && h('ul.errors', null, entry.errors.map((error) => h('li', null, error))),
    entry.effects.length > 0 && h('ul.effects', null, entry.effects.map((effect) => h('li', null, effect))),
    h('div.entry-meta', null, h('span.mono', null, entry.messageId ?? 'no messageId'), ' · ', entry.path),
    payload,
  )
}
