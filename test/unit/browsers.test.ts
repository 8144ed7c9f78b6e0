// @vitest-environment node
import { readFileSync } from 'node:fs'
import { parse, type Node } from 'acorn'
import { describe, expect, it } from 'vitest'

const built = (file: string) => readFileSync(new URL(`../../dist/${file}`, import.meta.url), 'utf8')

/**
 * ES2022 syntax that the browsers named in the README ("Browsers": Chrome 85, Firefox 79,
 * Safari 14) do not all parse: acorn accepts it at ecmaVersion 2022, so it is looked for.
 */
const newerThanTheFloor = (node: Node & { static?: boolean }) =>
  node.type === 'PrivateIdentifier' || node.type === 'StaticBlock' || (node.type === 'PropertyDefinition' && node.static === true)

function syntaxNewerThanTheFloor(code: string, sourceType: 'script' | 'module'): string[] {
  const found: string[] = []
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit)
    if (!value || typeof value !== 'object' || typeof (value as Node).type !== 'string') return
    const node = value as Node
    if (newerThanTheFloor(node)) found.push(`${node.type} at ${node.start}`)
    for (const child of Object.values(node)) visit(child)
  }
  visit(parse(code, { ecmaVersion: 2022, sourceType }))
  return found
}

describe('browsers', () => {
  it('ships the script-tag bundle and the npm build in syntax Chrome 85, Firefox 79 and Safari 14 parse', () => {
    expect(syntaxNewerThanTheFloor(built('relata.min.js'), 'script')).toEqual([])
    expect(syntaxNewerThanTheFloor(built('index.mjs'), 'module')).toEqual([])
  })

  it('finds the syntax those browsers do not parse', () => {
    expect(syntaxNewerThanTheFloor('class A { static x = 1; #y = 2; static { } }', 'script')).toEqual(['PropertyDefinition at 10', 'PrivateIdentifier at 24', 'StaticBlock at 32'])
  })

  it('keeps the snippet to ES2017 syntax, so that older browsers still queue the page’s calls', () => {
    expect(() => parse(built('snippet.min.js'), { ecmaVersion: 2017 })).not.toThrow()
  })
})
