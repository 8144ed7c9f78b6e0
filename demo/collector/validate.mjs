import Ajv from 'ajv'
import schema from './pipelines.schema.json' with { type: 'json' }
const isoDateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/

/** @typedef {'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias'} EventType */
/** @type {readonly EventType[]} */
export const eventTypes = ['identify', 'track', 'page', 'screen', 'group', 'alias']

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
 * @param {'event' | 'batch' | 'common' | EventType} kind a definition of pipelines.schema.json
 * @param {unknown} payload
 * @returns {string[]} one readable line per problem; empty when valid
 */
export function validatePayload(kind, payload) {
  const validate = compiled().getSchema(`relata/pipelines#/definitions/${kind}`)
  if (!validate) throw new Error(`no schema for ${kind}`)
  if (validate(payload)) return []
  return describe(validate.errors ?? [])
}

/**
 * Checks one event against the rules for its own type, so the reasons name the fields to
 * fix instead of listing every branch of the union that did not match.
 * @param {unknown} event
 * @returns {string[]}
 */
export function validateEvent(event) {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return ['the event must be a JSON object']
  const type = /** @type {{ type?: unknown }} */ (event).type
  if (!eventTypes.includes(/** @type {EventType} */ (type))) return [`type must be one of ${eventTypes.join(', ')}`]
  return [...new Set([...validatePayload('common', event), ...validatePayload(/** @type {EventType} */ (type), event)])]
}

/**
 * Turns ajv's errors into lines like `traits.object_type_id must be string`. Alternatives
 * (anyOf of `required`) become one line, "needs userId or anonymousId"; the bookkeeping
 * errors of if/anyOf/oneOf/allOf are left out because the specific ones say more.
 * @param {import('ajv').ErrorObject[]} errors
 */
function describe(errors) {
  /** @type {string[]} */
  const lines = []
  /** @type {Map<string, string[]>} */
  const alternatives = new Map()
  for (const error of errors) {
    if (['if', 'anyOf', 'oneOf', 'allOf'].includes(error.keyword)) continue
    const missing = error.keyword === 'required' ? fieldName(`${error.instancePath}/${error.params.missingProperty}`) : ''
    const branch = /^(.*)\/anyOf\/\d+\//.exec(error.schemaPath)
    if (missing && branch?.[1]) {
      const names = alternatives.get(branch[1]) ?? []
      alternatives.set(branch[1], [...names, missing])
    } else if (missing) {
      lines.push(`needs ${missing}`)
    } else if (error.keyword === 'enum') {
      lines.push(`${fieldName(error.instancePath)} must be one of ${error.params.allowedValues.join(', ')}`)
    } else {
      lines.push(`${fieldName(error.instancePath) || 'the payload'} ${error.message ?? 'is invalid'}`)
    }
  }
  for (const names of alternatives.values()) lines.push(`needs ${[...new Set(names)].join(' or ')}`)
  if (lines.length === 0 && errors.length > 0) lines.push('does not match any accepted shape')
  return [...new Set(lines)]
}

/** `/traits/object_type_id` → `traits.object_type_id` */
function fieldName(/** @type {string} */ pointer) {
  return pointer.split('/').filter(Boolean).join('.')
}
