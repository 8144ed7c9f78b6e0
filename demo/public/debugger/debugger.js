// The debugger page: fetches /api/state whenever the collector says something changed
// (Server-Sent Events, with polling while the stream is down) and renders it.
import { byId, h } from './dom.js'
import { renderDevices, renderErrors, renderObjects } from './objects.js'
import { renderPeople } from './people.js'
import { outcomeOf, renderStream } from './stream.js'

/** @typedef {import('./types.js').State} State @typedef {import('./types.js').View} View */

/** @type {View} */
const view = { tab: 'people', personTab: 'attributes', person: null, filter: 'all', search: '', openPayloads: new Set() }
/** @type {State | null} */
let state = null
let loading = false
let again = false

async function refresh() {
  if (loading) {
    again = true
    return
  }
  loading = true
  try {
    const response = await fetch('/api/state', { cache: 'no-store' })
    state = /** @type {State} */ (await response.json())
    render()
  } catch {
    setLive('offline')
  } finally {
    loading = false
    if (again) {
      again = false
      void refresh()
    }
  }
}

function render() {
  if (!state) return
  const problems = state.events.filter((entry) => ['rejected', 'failed'].includes(outcomeOf(entry).key)).length
  const counts = {
    people: state.people.length, objects: state.objects.length, relationships: state.relationships.length,
    devices: state.devices.length, events: state.events.length, errors: state.errors.length,
  }
  byId('stats').replaceChildren(...Object.entries(counts).map(([name, count]) => h(`span.stat.stat-${name}`, { 'data-stat': name },
    h('strong', null, String(count)), ` ${name}`)))
  byId('problem-count').textContent = problems > 0 ? String(problems) : ''
  byId('stream').replaceChildren(...renderStream(state.events, view))
  for (const tab of document.querySelectorAll('[data-tab]')) {
    const name = /** @type {HTMLElement} */ (tab).dataset.tab
    tab.classList.toggle('active', name === view.tab)
    tab.setAttribute('aria-selected', String(name === view.tab))
    const count = tab.querySelector('.count')
    if (count && name) count.textContent = String(counts[/** @type {keyof typeof counts} */ (name)] ?? '')
  }
  const panel = view.tab === 'people' ? renderPeople(state, view, render)
    : view.tab === 'objects' ? renderObjects(state, view, render)
      : view.tab === 'devices' ? renderDevices(state)
        : renderErrors(state)
  byId('view').replaceChildren(panel)
}

/** @param {'live' | 'polling' | 'offline'} mode */
function setLive(mode) {
  byId('live').dataset.mode = mode
  byId('live-label').textContent = { live: 'live', polling: 'polling', offline: 'collector offline' }[mode]
}

/** SSE first; while it is down, poll so the page never silently goes stale. */
function connect() {
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let poll
  const source = new EventSource('/api/live')
  source.addEventListener('open', () => {
    clearInterval(poll)
    poll = undefined
    setLive('live')
  })
  source.addEventListener('change', (event) => {
    const { version } = JSON.parse(/** @type {MessageEvent} */ (event).data)
    if (!state || version !== state.version) void refresh()
  })
  source.addEventListener('error', () => {
    setLive('polling')
    poll ??= setInterval(refresh, 1000)
  })
}

/** @param {object} fault @param {number} count */
async function inject(fault, count) {
  const response = await fetch('/api/faults', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fault, count }) })
  showFaults(await response.json())
}

/** @param {{ pending: Array<{ fault: Record<string, unknown>, remaining: number }>, rejectMessageIds: string[] }} faults */
function showFaults(faults) {
  const lines = faults.pending.map(({ fault, remaining }) => `${Object.entries(fault).map(([name, value]) => `${name} ${value}`).join(', ')} × ${remaining}`)
  if (faults.rejectMessageIds.length > 0) lines.push(`refusing ${faults.rejectMessageIds.join(', ')}`)
  byId('fault-status').textContent = lines.length > 0 ? `pending: ${lines.join('; ')}` : 'no faults pending'
}

function wireControls() {
  for (const tab of document.querySelectorAll('[data-tab]')) {
    tab.addEventListener('click', () => {
      view.tab = /** @type {View['tab']} */ (/** @type {HTMLElement} */ (tab).dataset.tab)
      render()
    })
  }
  for (const button of document.querySelectorAll('[data-filter]')) {
    button.addEventListener('click', () => {
      view.filter = /** @type {View['filter']} */ (/** @type {HTMLElement} */ (button).dataset.filter)
      for (const other of document.querySelectorAll('[data-filter]')) other.classList.toggle('active', other === button)
      render()
    })
  }
  byId('search').addEventListener('input', (event) => {
    view.search = /** @type {HTMLInputElement} */ (event.target).value
    render()
  })
  byId('clear').addEventListener('click', async () => {
    if (!confirm('Forget every request, person, object and relationship the collector holds?')) return
    await fetch('/api/reset', { method: 'POST' })
    view.openPayloads.clear()
    view.person = null
    await refresh()
    showFaults({ pending: [], rejectMessageIds: [] })
  })
  for (const button of document.querySelectorAll('[data-fault]')) {
    button.addEventListener('click', () => {
      const { fault, count } = JSON.parse(/** @type {HTMLElement} */ (button).dataset.fault ?? '{}')
      void inject(fault, count ?? 1)
    })
  }
}

wireControls()
connect()
void refresh()
void fetch('/api/faults').then((response) => response.json()).then(showFaults, () => {})
