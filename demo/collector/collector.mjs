import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { corsHeaders, readBody, sendJson, serveFile } from './http.mjs'

const demoRoot = fileURLToPath(new URL('../public/', import.meta.url))
const distRoot = fileURLToPath(new URL('../../dist/', import.meta.url))

/**
 * @typedef {{ path: string, at: number, body: any }} Received
 * @typedef {{ host?: string, port?: number, pages?: string }} CollectorOptions
 */

/**
 * A local stand-in for Data Pipelines: records what arrives and serves the demo and `dist/`.
 * @param {CollectorOptions} [options]
 */
export async function startCollector(options = {}) {
  const host = options.host ?? '127.0.0.1'
  const pagesRoot = options.pages ?? demoRoot
  /** @type {Received[]} */
  const requests = []

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://collector')
    const path = url.pathname
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, corsHeaders)
        return res.end()
      }
      if (req.method === 'POST' && (path === '/v1/b' || path === '/v1/batch')) {
        const body = JSON.parse((await readBody(req)).toString('utf8'))
        requests.push({ path, at: Date.now(), body })
        return sendJson(res, 200, {})
      }
      if (path === '/api/received') return sendJson(res, 200, { requests })
      if (path === '/api/reset' && req.method === 'POST') {
        requests.length = 0
        return sendJson(res, 200, {})
      }
      if (path.startsWith('/dist/')) return serveFile(res, distRoot, path.slice('/dist/'.length))
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
    requests,
    /** Every event received, in arrival order. */
    events: () => requests.flatMap((request) => request.body.batch ?? []),
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  }
}
