// Server-Sent Events for the debugger: a small "changed" message whenever the store
// changes; the page then fetches /api/state. Keeping the payload tiny means a burst of
// events costs a burst of pings, not a burst of full states.
import { corsHeaders } from './http.mjs'

/** @typedef {import('node:http').ServerResponse} Response */

/** @param {{ version: number, onChange(listener: () => void): () => void }} store */
export function createLiveChannel(store) {
  /** @type {Set<Response>} */
  const clients = new Set()
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pending
  const unsubscribe = store.onChange(() => {
    // Coalesces the many changes of one batch into one message.
    pending ??= setTimeout(() => {
      pending = undefined
      for (const client of clients) send(client, store.version)
    }, 25)
  })
  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n')
  }, 15_000)
  keepAlive.unref()

  return {
    /** @param {import('node:http').IncomingMessage} req @param {Response} res */
    open(req, res) {
      res.writeHead(200, { ...corsHeaders, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      res.write('retry: 1000\n\n')
      send(res, store.version)
      clients.add(res)
      req.on('close', () => clients.delete(res))
    },
    close() {
      unsubscribe()
      clearInterval(keepAlive)
      clearTimeout(pending)
      for (const client of clients) client.end()
      clients.clear()
    },
  }
}

/** @param {Response} client @param {number} version */
function send(client, version) {
  client.write(`event: change\ndata: ${JSON.stringify({ version })}\n\n`)
}
