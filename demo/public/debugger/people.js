// People: a list on the left; the chosen person's attributes, relationships, timeline and
// devices on the right.
import { h } from './dom.js'
import { clock, dateTime, personName } from './format.js'
import { attributeTable, emptyState, pill } from './tables.js'

/**
 * @typedef {import('./types.js').State} State
 * @typedef {import('./types.js').Person} Person
 * @typedef {import('./types.js').View} View
 */

const personTabs = /** @type {const} */ (['attributes', 'relationships', 'timeline', 'devices'])

/** @param {State} state @param {View} view @param {() => void} rerender */
export function renderPeople(state, view, rerender) {
  if (state.people.length === 0) return emptyState('No people yet. An identify with a userId or an email creates one.')
  const chosen = state.people.find((person) => person.cioId === view.person) ?? state.people[0]
  if (!chosen) return emptyState('No people yet.')
  const list = h('ul.person-list', null, state.people.map((person) => {
    const related = state.relationships.filter((relationship) => relationship.cioId === person.cioId).length
    return h('li', null, h(`button.person-item${person === chosen ? '.selected' : ''}`, {
      'data-person': person.cioId,
      onclick: () => { view.person = person.cioId; rerender() },
    },
    h('span.person-name', null, personName(person)),
    h('span.person-ids', null, [person.userId, person.email].filter(Boolean).join(' · ') || person.cioId),
    h('span.person-counts', null, `${related} relationship${related === 1 ? '' : 's'} · ${person.timeline.length} event${person.timeline.length === 1 ? '' : 's'}`),
    ))
  }))
  return h('div.master-detail', null, list, renderPerson(state, chosen, view, rerender))
}

/** @param {State} state @param {Person} person @param {View} view @param {() => void} rerender */
function renderPerson(state, person, view, rerender) {
  const relationships = state.relationships.filter((relationship) => relationship.cioId === person.cioId)
  const devices = state.devices.filter((device) => device.cioId === person.cioId)
  const counts = { attributes: Object.keys(person.attributes).length, relationships: relationships.length, timeline: person.timeline.length, devices: devices.length }
  const tabs = h('nav.subtabs', { role: 'tablist' }, personTabs.map((tab) => h(`button.subtab${view.personTab === tab ? '.active' : ''}`, {
    role: 'tab', 'aria-selected': view.personTab === tab, 'data-person-tab': tab,
    onclick: () => { view.personTab = tab; rerender() },
  }, `${tab[0]?.toUpperCase()}${tab.slice(1)}`, h('span.count', null, String(counts[tab])))))

  let body
  if (view.personTab === 'relationships') body = relationshipList(relationships)
  else if (view.personTab === 'timeline') body = timeline(state, person)
  else if (view.personTab === 'devices') body = deviceList(devices)
  else body = attributeTable(person.attributes)

  return h('article.person-detail', { 'data-person': person.cioId },
    h('header.detail-head', null,
      h('h3', null, personName(person)),
      h('div.identifiers', null,
        pill(`cio ${person.cioId}`),
        person.userId && pill(`id ${person.userId}`),
        person.email && pill(`email ${person.email}`),
        person.anonymousIds.map((id) => pill(`anon ${id.slice(0, 8)}`)),
      ),
      h('p.muted', null, `created ${dateTime(person.createdAt)} · updated ${dateTime(person.updatedAt)}`),
    ),
    tabs,
    h(`div.subtab-body.${view.personTab}`, null, body),
  )
}

/** @param {State['relationships']} relationships */
function relationshipList(relationships) {
  if (relationships.length === 0) return emptyState('Not related to any object. A group call, or identify with objectId, relates a person.')
  return h('ul.relationship-list', null, relationships.map((relationship) => h('li.relationship', { 'data-object': `${relationship.objectTypeId}:${relationship.objectId}` },
    h('div.relationship-head', null, h('span.object-type', null, `type ${relationship.objectTypeId}`), h('strong', null, relationship.objectId)),
    attributeTable(relationship.attributes, 'No relationship attributes.'),
  )))
}

/** @param {State} state @param {Person} person */
function timeline(state, person) {
  const bySeq = new Map(state.events.map((entry) => [entry.seq, entry]))
  const entries = person.timeline.map((seq) => bySeq.get(seq)).filter((entry) => entry !== undefined).reverse()
  if (entries.length === 0) return emptyState('No track, page or screen events yet.')
  return h('ol.timeline', null, entries.map((entry) => h('li', { 'data-seq': entry.seq },
    h(`span.type.type-${entry.type}`, null, entry.type ?? ''),
    h('span.entry-name', null, entry.name ?? ''),
    h('time', null, clock(entry.at)),
  )))
}

/** @param {State['devices']} devices */
function deviceList(devices) {
  if (devices.length === 0) return emptyState('No devices.')
  return h('ul.device-list', null, devices.map((device) => h('li', null,
    h('div.mono', null, device.token),
    h('p.muted', null, `${device.platform ?? 'unknown platform'} · last used ${dateTime(device.lastUsed)}`),
    attributeTable(device.attributes, 'No device attributes.'),
  )))
}
