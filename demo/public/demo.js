// The Teamboard demo: wires the story and the forms to relata, and shows a short summary
// of what the collector recorded. Values from the collector are only ever set as text.
import { helpers, story } from './calls.js'

/** @typedef {import('./calls.js').Client} Client @typedef {import('./calls.js').Json} Json */

/**
 * The page loads relata through the snippet; once the bundle has replaced the snippet's
 * stub, `window.analytics` is the client.
 * @type {Client}
 */
const analytics = await new Promise((resolve) => {
  const page = /** @type {any} */ (window)
  page.analytics.ready(() => resolve(page.analytics))
})

/** @param {string} id */
const element = (id) => /** @type {HTMLElement} */ (document.getElementById(id))

/**
 * @param {string} tag @param {string} [className] @param {string} [text]
 * @returns {HTMLElement}
 */
function el(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

/** @param {() => unknown} call @param {HTMLElement} [where] shows a call-site error next to the control */
async function run(call, where) {
  try {
    await call()
    where?.removeAttribute('data-error')
  } catch (error) {
    if (where) where.dataset.error = error instanceof Error ? error.message : String(error)
  }
}

function renderStory() {
  const list = element('story')
  for (const step of story) {
    const button = el('button', 'step-button')
    button.dataset.step = step.id
    button.append(el('strong', '', step.title), el('span', '', step.detail))
    button.addEventListener('click', () => run(async () => {
      await step.run(analytics)
      button.classList.add('done')
    }, button))
    const item = el('li')
    item.append(button)
    list.append(item)
  }
  element('play').addEventListener('click', async () => {
    for (const button of list.querySelectorAll('button')) {
      button.click()
      await new Promise((resolve) => setTimeout(resolve, 350))
    }
    await analytics.flush()
  })
}

/** @param {FormData} data @param {string} name @returns {Json} */
function json(data, name) {
  const text = String(data.get(name) ?? '').trim()
  if (!text) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new Error(`${name} is not valid JSON`)
  }
}

/** @type {Record<string, (data: FormData, helper: string | undefined) => unknown>} */
const forms = {
  identify: (data) => analytics.identify(String(data.get('userId')), { email: String(data.get('email')), name: String(data.get('name')) }),
  track: (data) => analytics.track(String(data.get('event')), json(data, 'properties')),
  group: (data, helper) => {
    const ref = { objectId: String(data.get('objectId')), objectTypeId: String(data.get('objectTypeId') || '1') }
    if (helper === 'unrelate') return helpers.unrelate(analytics, ref)
    if (helper === 'deleteObject') return helpers.deleteObject(analytics, ref)
    return helpers.relate(analytics, { ...ref, traits: json(data, 'traits'), relationshipAttributes: json(data, 'relationshipAttributes') })
  },
  alias: (data) => analytics.alias(String(data.get('userId')), String(data.get('previousId'))),
  device: (data, helper) => {
    const token = String(data.get('token'))
    if (helper === 'deleteDevice') return helpers.deleteDevice(analytics, { token })
    return helpers.addDevice(analytics, { token, platform: data.get('platform') === 'android' ? 'android' : 'ios' })
  },
}

/** @type {Record<string, () => unknown>} */
const buttons = {
  flush: () => analytics.flush(),
  reset: () => analytics.reset(),
  page: () => analytics.page('App', 'Dashboard'),
  screen: () => analytics.screen('Settings'),
  suppress: () => helpers.suppress(analytics),
  unsuppress: () => helpers.unsuppress(analytics),
  deletePerson: () => helpers.deletePerson(analytics),
}

function wireForms() {
  for (const form of document.querySelectorAll('form[data-form]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      const submitter = /** @type {SubmitEvent} */ (event).submitter
      const handler = forms[/** @type {HTMLFormElement} */ (form).dataset.form ?? '']
      const data = new FormData(/** @type {HTMLFormElement} */ (form))
      if (handler) void run(() => handler(data, submitter?.dataset.helper), /** @type {HTMLElement} */ (form))
    })
  }
  for (const button of document.querySelectorAll('button[data-call]')) {
    const call = buttons[/** @type {HTMLElement} */ (button).dataset.call ?? '']
    if (call) button.addEventListener('click', () => run(call, /** @type {HTMLElement} */ (button)))
  }
}

async function showCollector() {
  /** @type {import('./debugger/types.js').State} */
  const state = await (await fetch('/api/state', { cache: 'no-store' })).json()
  element('summary').textContent = `${state.people.length} people · ${state.objects.length} objects · ${state.relationships.length} relationships · ${state.events.length} events · ${state.errors.length} errors`
  element('recent').replaceChildren(...state.events.slice(-8).reverse().map((entry) => {
    const item = el('li', entry.status)
    item.append(el('span', 'type', entry.type ?? 'request'), el('span', 'name', entry.name ?? ''), el('span', 'status', entry.errors.length ? 'destination error' : entry.status))
    return item
  }))
}

renderStory()
wireForms()
new EventSource('/api/live').addEventListener('change', () => void showCollector().catch(() => {}))
void showCollector().catch(() => {})
