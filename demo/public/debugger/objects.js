// Objects grouped by type, each with its attributes and the people related to it, with
// the attributes of each relationship.
import { h } from './dom.js'
import { dateTime, personName, showValue } from './format.js'
import { attributeTable, emptyState } from './tables.js'

/** @typedef {import('./types.js').State} State @typedef {import('./types.js').View} View */

/** @param {State} state @param {View} view @param {() => void} rerender */
export function renderObjects(state, view, rerender) {
  if (state.objects.length === 0) return emptyState('No objects yet. A group call creates one.')
  const types = [...new Set(state.objects.map((object) => object.objectTypeId))].sort((a, b) => Number(a) - Number(b))
  return h('div.object-types', null, types.map((type) => h('section.object-type-group', { 'data-object-type': type },
    h('h3', null, `Object type ${type}`, h('span.count', null, String(state.objects.filter((object) => object.objectTypeId === type).length))),
    h('div.object-grid', null, state.objects.filter((object) => object.objectTypeId === type).map((object) => {
      const related = state.relationships.filter((relationship) => relationship.objectTypeId === object.objectTypeId && relationship.objectId === object.objectId)
      return h('article.object-card', { 'data-object': `${object.objectTypeId}:${object.objectId}` },
        h('header', null, h('strong.object-id', null, object.objectId), h('span.muted', null, `created ${dateTime(object.createdAt)}`)),
        attributeTable(object.attributes),
        h('h4', null, `Related people (${related.length})`),
        related.length === 0
          ? h('p.muted', null, 'Nobody is related to this object.')
          : h('table.related', null,
            h('thead', null, h('tr', null, h('th', null, 'person'), h('th', null, 'relationship attributes'))),
            h('tbody', null, related.map((relationship) => {
              const person = state.people.find((candidate) => candidate.cioId === relationship.cioId)
              return h('tr.related-person', { 'data-person': relationship.cioId },
                h('td', null, h('button.link', { onclick: () => { view.tab = 'people'; view.person = relationship.cioId; view.personTab = 'relationships'; rerender() } },
                  person ? personName(person) : relationship.cioId)),
                h('td', null, Object.entries(relationship.attributes).map(([name, value]) => h('span.kv', null, h('span.k', null, name), h('span.v', null, showValue(value))))),
              )
            })),
          ),
      )
    })),
  )))
}

/** @param {State} state */
export function renderDevices(state) {
  if (state.devices.length === 0) return emptyState('No devices. "Device Created or Updated", "Application Installed" or "Application Opened" with a token adds one.')
  return h('table.devices', null,
    h('thead', null, h('tr', null, h('th', null, 'token'), h('th', null, 'platform'), h('th', null, 'person'), h('th', null, 'last used'))),
    h('tbody', null, state.devices.map((device) => h('tr', null,
      h('td.mono', null, device.token),
      h('td', null, device.platform ?? '—'),
      h('td', null, device.userId ?? device.email ?? device.cioId),
      h('td', null, dateTime(device.lastUsed)),
    ))),
  )
}

/** @param {State} state */
export function renderErrors(state) {
  if (state.errors.length === 0) return emptyState('No errors. Refused calls and changes Journeys would refuse show up here.')
  return h('ul.error-list', null, [...state.errors].reverse().map((error) => h(`li.error-item.${error.source}`, { 'data-seq': error.seq },
    h('span.source', null, error.source === 'pipeline' ? 'refused by the pipeline' : 'refused by Journeys'),
    h('span.mono', null, error.messageId ?? 'whole request'),
    h('p', null, error.message),
  )))
}

