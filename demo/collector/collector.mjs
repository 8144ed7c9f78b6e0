import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createCollectorCore } from './core.mjs'
import { corsHeaders, readBody, readJson, sendJson, serveFile } from './http.mjs'
import { isIngestionPath, limits } from './ingest.mjs'
import { createLiveChannel } from './live.mjs'
import { demoSnippet } from './snippet.mjs'

const demoRoot = fileURLToPath(new URL('../public/', import.meta.url))
const debuggerRoot = fileURLToPath(new URL('../public/debugger/', import.meta.url))
const distRoot = fileURLToPath(new URL('../../dist/', import.meta.url))

/**
 * @typedef {import('./core.mjs').Received} Received
 * @typedef {import('./faults.mjs').Fault} Fault
 * @typedef {{ host?: string, port?: number, pages?: string, dataDir?: string }} CollectorOptions
 */

/**
 * A local stand-in for Data Pipelines and the Journeys destination: accepts what the real
 * API accepts, refuses what it refuses, projects accepted calls onto people, objects and
 * relationships, and serves the demo page, the debugger and `dist/`.
 * @param {CollectorOptions} [options] without `dataDir`, state lives in memory only
 */
export async function startCollector(options = {}) {
  const host = options.host ?? '127.0.0.1'
  const pagesRoot = options.pages ?? demoRoot
  const core = createCollectorCore(options.dataDir === undefined ? {} : { dataDir: options.dataDir })
  const live = createLiveChannel(core.store)

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://collector')
    const path = url.pathname
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, corsHeaders)
        return res.end()
      }
      if (isIngestionPath(path)) {
        if (req.method !== 'POST') return sendJson(res, 405, { errors: [{ reason: 'method', message: `${path} takes POST` }] })
        const raw = await readBody(req, 4 * limits.requestBytes)
        const reply = await core.receive({ path, headers: req.headers, raw })
        if (reply.drop) return req.socket.destroy()
        return sendJson(res, reply.status, reply.body ?? {}, reply.headers)
      }
      if (path === '/api/state' && req.method === 'GET') return sendJson(res, 200, core.store.snapshot())
      if (path === '/api/live' && req.method === 'GET') return live.open(req, res)
      if (path === '/api/received' && req.method === 'GET') return sendJson(res, 200, { requests: core.requests })
      if (path === '/api/faults' && req.method === 'GET') return sendJson(res, 200, core.faults.describe())
      if (path === '/api/faults' && req.method === 'POST') {
        const { fault, count } = (await readJson(req)) ?? {}
        if (typeof fault !== 'object' || fault === null) return sendJson(res, 400, { errors: [{ message: 'send { "fault": { … }, "count": N }' }] })
        core.inject(fault, count ?? 1)
        return sendJson(res, 200, core.faults.describe())
      }
      if (path === '/api/reset' && req.method === 'POST') {
        core.reset()
        return sendJson(res, 200, {})
      }
      if (path === '/debugger' || path === '/debugger/') return serveFile(res, debuggerRoot, 'index.html')
      if (path.startsWith('/debugger/')) return serveFile(res, debuggerRoot, path.slice('/debugger/'.length))
      if (path.startsWith('/dist/')) return serveFile(res, distRoot, path.slice('/dist/'.length))
      if (path === '/snippet.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' })
        return res.end(await demoSnippet())
      }
      return serveFile(res, pagesRoot, path === '/' ? 'index.html' : path.slice(1))
    } catch (error) {
      sendJson(res, 400, { errors: [{ message: String(error) }] })
    }
  })

  await new Promise((resolve) => server.listen(options.port ?? 0, host, () => resolve(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    port: address.port,
    url: `http://${host}:${address.port}`,
    /** Every ingestion request in arrival order, refused and dropped ones too. */
    requests: core.requests,
    /** Every call from requests answered 2xx, in arrival order, duplicates included. */
    events: core.events,
    /**
     * The next `count` ingestion requests get `fault`; `rejectMessageIds` lasts until cleared.
     * @param {Fault} fault @param {number} [count]
     */
    inject: core.inject,
    /** Forgets requests, state and faults (and the log on disk, with `dataDir`). */
    reset: core.reset,
    /** Ends every injected fault, keeping what was received. */
    clearFaults: () => core.faults.clear(),
    /** What `GET /api/state` returns. */
    state: () => core.store.snapshot(),
    close() {
      live.close()
      return new Promise((resolve) => {
        server.close(() => resolve(undefined))
        server.closeAllConnections()
      })
    },
  }
}
