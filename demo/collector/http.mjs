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
})

/** Any origin may post, as Data Pipelines allows browsers on any site to. */
export const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
  'Access-Control-Max-Age': '600',
}

/**
 * @param {Response} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...corsHeaders, ...headers })
  res.end(JSON.stringify(body))
}

/** @param {Request} req @returns {Promise<Buffer>} */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * Serves a file below `root`, refusing paths that climb out of it.
 * @param {Response} res
 * @param {string} root
 * @param {string} path
 */
export async function serveFile(res, root, path) {
  const file = normalize(join(root, path))
  if (!file.startsWith(root)) return sendJson(res, 403, { errors: [{ message: 'forbidden' }] })
  try {
    const content = await readFile(file)
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
    res.end(content)
  } catch {
    sendJson(res, 404, { errors: [{ message: `not found: ${path}` }] })
  }
}
