import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

const types = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
})

/**
 * Any origin may post, as Data Pipelines allows browsers on any site to. Retry-After is
 * exposed because a cross-origin page cannot read it otherwise, and senders honour it.
 */
export const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Content-Encoding, Authorization',
  'Access-Control-Expose-Headers': 'Retry-After',
  'Access-Control-Max-Age': '600',
}

/**
 * @param {Response} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...corsHeaders, ...headers })
  res.end(JSON.stringify(body))
}

/**
 * Reads the whole body, keeping at most `maxBytes + 1` bytes: enough to tell that it is
 * too large without holding an unbounded upload in memory.
 * @param {Request} req @param {number} [maxBytes]
 * @returns {Promise<Buffer>}
 */
export function readBody(req, maxBytes = Infinity) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    let kept = 0
    req.on('data', (/** @type {Buffer} */ chunk) => {
      if (kept > maxBytes) return
      chunks.push(chunk)
      kept += chunk.length
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** @param {Request} req @returns {Promise<any>} the JSON body, or undefined when there is none */
export async function readJson(req) {
  const text = (await readBody(req, 1024 * 1024)).toString('utf8')
  return text.trim() ? JSON.parse(text) : undefined
}

/**
 * Serves a file below `root`, refusing paths that climb out of it.
 * @param {Response} res
 * @param {string} root
 * @param {string} path
 */
export async function serveFile(res, root, path) {
  const file = normalize(join(root, decodeURIComponent(path)))
  if (!file.startsWith(root)) return sendJson(res, 403, { errors: [{ message: 'forbidden' }] })
  try {
    const content = await readFile(file)
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
    res.end(content)
  } catch {
    sendJson(res, 404, { errors: [{ message: `not found: ${path}` }] })
  }
}
