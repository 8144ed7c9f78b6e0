import Ajv from 'ajv'
import schema from './pipelines.schema.json' with { type: 'json' }
const isoDateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/

/** @type {import('ajv').default | undefined} */
let ajv

function compiled() {
  if (!ajv) {
    // @ts-ignore ajv's default export is the class under Node's ESM interop
    ajv = /** @type {import('ajv').default} */ (new (Ajv.default ?? Ajv)({ allErrors: true, strict: false }))
    ajv.addFormat('date-time', (value) => isoDateTime.test(value) && !isNaN(Date.parse(value)))
    ajv.addSchema(schema)
  }
  return ajv
}

/**
 * Checks a payload against what Data Pipelines accepts.
 * @param {'event' | 'batch'} kind
 * @param {unknown} payload
 * @returns {string[]} one readable line per problem; empty when valid
 */
export function validatePayload(kind, payload) {
  const validator = compiled()
  const validate = validator.getSchema(`relata/pipelines#/definitions/${kind}`)
  if (!validate) throw new Error(`no schema for ${kind}`)
  if (validate(payload)) return []
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`)
}
