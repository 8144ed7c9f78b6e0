// Small building blocks shared by the People, Objects and Devices views.
import { h } from './dom.js'
import { dateTime, showValue } from './format.js'

/** @param {Record<string, unknown>} attributes @param {string} [empty] */
export function attributeTable(attributes, empty = 'No attributes.') {
  const names = Object.keys(attributes)
  if (names.length === 0) return h('p.muted', null, empty)
  return h('table.attributes', null,
    h('tbody', null, names.map((name) => h('tr', null,
      h('th', { scope: 'row' }, name),
      h('td', null, showValue(attributes[name]), readableTime(name, attributes[name])),
    ))),
  )
}

/** @param {string} text */
export const pill = (text) => h('span.pill', null, text)

/** @param {string} message */
export const emptyState = (message) => h('p.empty-state', null, message)

/** Unix timestamps such as created_at get a readable date beside them. @param {string} name @param {unknown} value */
function readableTime(name, value) {
  const plausible = typeof value === 'number' && value > 946_684_800 && value < 4_102_444_800
  return /(_at|At|_date)$/.test(name) && plausible ? h('span.when', null, dateTime(value)) : null
}
