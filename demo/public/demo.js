// The demo page's own script: calls the SDK and lists what the collector received.
/** @type {import('../../src/index').AnalyticsBrowser} */
const relata = /** @type {any} */ (window).relata
const analytics = relata.load({ writeKey: 'demo-write-key', apiHost: `${location.origin}/v1`, flushInterval: 500 })
analytics.debug(true)

/** @param {string} id */
const value = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id)).value

/** @type {Record<string, () => unknown>} */
const calls = {
  identify: () => analytics.identify(value('user-id'), { email: value('email') }),
  track: () => analytics.track('Course Started', { course: 'math101' }),
  page: () => analytics.page('Docs', 'Demo'),
  screen: () => analytics.screen('Settings'),
  group: () => analytics.group('acme', { name: 'Acme Inc.', objectTypeId: '1' }),
  alias: () => analytics.alias(value('user-id')),
  flush: () => analytics.flush(),
  reset: () => analytics.reset(),
}

for (const button of document.querySelectorAll('button[data-call]')) {
  const call = calls[/** @type {HTMLElement} */ (button).dataset.call ?? '']
  if (call) button.addEventListener('click', call)
}

// Rendered with textContent only: event values are untrusted input.
async function refresh() {
  /** @type {{ requests: Array<{ body: { batch?: Array<Record<string, any>> } }> }} */
  const { requests } = await (await fetch('/api/received')).json()
  const items = requests.flatMap((request) => request.body.batch ?? []).reverse().map((event) => {
    const item = document.createElement('li')
    const title = document.createElement('strong')
    title.textContent = `${event.type} ${event.event ?? event.name ?? event.groupId ?? event.userId ?? ''}`
    const body = document.createElement('pre')
    body.textContent = JSON.stringify(event, null, 2)
    item.append(title, body)
    return item
  })
  document.getElementById('received')?.replaceChildren(...items)
}
setInterval(refresh, 1000)
refresh()
