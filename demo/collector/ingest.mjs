// What Data Pipelines checks before it accepts a request: the body's encoding and size,
// the write key, and every call in it. A request is accepted whole or refused whole, and
// a refusal names each bad call by messageId so a sender can drop just that one.
import { gunzipSync } from 'node:zlib'
import { validatePayload, validateEvent } from './validate.mjs'

/** @typedef {import('./store.mjs').Problem} Problem */
/** @typedef {{ status: number, body: any, events: unknown[], errors: Problem[], writeKey?: string }} Verdict */

export const limits = { callBytes: 32 * 1024, requestBytes: 500 * 1024 }

/** The single-call endpoints and the event type each one takes. */
const singleCalls = /** @type {Record<string, string>} */ ({
  '/v1/identify': 'identify',
  '/v1/track': 'track',
  '/v1/page': 'page',
  '/v1/screen': 'screen',
  '/v1/group': 'group',
  '/v1/alias': 'alias',
})
const batchPaths = new Set(['/v1/b', '/v1/batch'])

/** @param {string} path */
export const isIngestionPath = (path) => batchPaths.has(path) || path in singleCalls

/**
 * @param {{ path: string, headers: Record<string, string | string[] | undefined>, raw: Buffer }} request
 * @param {(messageId: string) => boolean} [refused] messageIds a test wants answered with 400
 * @returns {Verdict}
 */
export function checkRequest({ path, headers, raw }, refused = () => false) {
  const single = singleCalls[path]
  const maxBytes = single ? limits.callBytes : limits.requestBytes
  const decoded = decode(raw, headers['content-encoding'], maxBytes)
  if (decoded === tooLargeMark || (decoded instanceof Buffer && decoded.length > maxBytes)) {
    return refuse(413, null, [], [tooLarge(maxBytes, single)])
  }
  if (typeof decoded === 'string') return refuse(400, null, [], [problem('malformed', decoded)])

  let body
  try {
    body = JSON.parse(decoded.toString('utf8'))
  } catch (error) {
    return refuse(400, null, [], [problem('malformed', `the body is not valid JSON (${/** @type {Error} */ (error).message})`)])
  }
  const events = single ? [singleEvent(body, single)] : Array.isArray(body?.batch) ? body.batch : []
  const writeKey = writeKeyOf(body, headers.authorization)
  if (!writeKey) {
    return refuse(401, body, events, [problem('unauthorized', 'no write key: send it as the username of HTTP Basic auth (base64 of "KEY:") or as "writeKey" in the body')])
  }
  if (!single && (!Array.isArray(body?.batch) || body.batch.length === 0)) {
    return refuse(400, body, events, [problem('invalid', '"batch" must be a non-empty array of calls')])
  }

  /** @type {Problem[]} */
  const errors = []
  for (const event of events) {
    const messageId = /** @type {{ messageId?: unknown }} */ (event)?.messageId
    const id = typeof messageId === 'string' ? { messageId } : {}
    for (const reason of validateEvent(event)) errors.push({ ...id, reason: 'invalid', message: reason })
    const bytes = Buffer.byteLength(JSON.stringify(event) ?? '')
    if (bytes > limits.callBytes) errors.push({ ...id, reason: 'too_large', message: `the call is ${Math.ceil(bytes / 1024)} KB; Data Pipelines accepts at most 32 KB per call` })
    if (id.messageId && refused(id.messageId)) errors.push({ ...id, reason: 'injected', message: 'refused by an injected fault (rejectMessageIds)' })
  }
  if (errors.length === 0 && !single) {
    for (const reason of validatePayload('batch', body)) errors.push(problem('invalid', reason))
  }
  if (errors.length > 0) return refuse(400, body, events, errors)
  return { status: 200, body, events, errors: [], writeKey }
}

const tooLargeMark = Symbol('too large')

/**
 * @param {Buffer} raw @param {string | string[] | undefined} encoding @param {number} maxBytes
 * @returns {Buffer | string | typeof tooLargeMark} the body, or why it could not be read
 */
function decode(raw, encoding, maxBytes) {
  const name = String(encoding ?? 'identity').toLowerCase()
  if (name === 'identity') return raw
  if (name !== 'gzip') return `unsupported Content-Encoding "${name}"; send gzip or nothing`
  try {
    // The cap stops a small gzip body from expanding without bound.
    return gunzipSync(raw, { maxOutputLength: maxBytes + 1 })
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'ERR_BUFFER_TOO_LARGE' ? tooLargeMark : 'the gzip body could not be decompressed'
  }
}

/** The single-call endpoints imply the type; the write key is not part of the call. @param {any} body @param {string} type */
function singleEvent(body, type) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body
  const { writeKey, ...event } = body
  return { ...event, type: event.type ?? type }
}

/** @param {any} body @param {string | string[] | undefined} authorization */
function writeKeyOf(body, authorization) {
  if (typeof body?.writeKey === 'string' && body.writeKey !== '') return body.writeKey
  const match = /^Basic\s+(\S+)$/i.exec(String(authorization ?? ''))
  if (!match?.[1]) return undefined
  const user = Buffer.from(match[1], 'base64').toString('utf8').split(':')[0]
  return user || undefined
}

/** @param {number} maxBytes @param {string | undefined} single */
function tooLarge(maxBytes, single) {
  const limit = `${Math.floor(maxBytes / 1024)} KB ${single ? 'per call' : 'per request'}`
  return problem('too_large', `the body is larger than ${limit}, the most Data Pipelines accepts; send fewer or smaller calls`)
}

/** @param {string} reason @param {string} message @returns {Problem} */
const problem = (reason, message) => ({ reason, message })

/** @param {number} status @param {any} body @param {unknown[]} events @param {Problem[]} errors @returns {Verdict} */
const refuse = (status, body, events, errors) => ({ status, body, events, errors })
