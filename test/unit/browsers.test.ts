// @vitest-environment node
import { readFileSync } from 'node:fs'
import { parse } from 'acorn'
import { describe, expect, it } from 'vitest'

const built = (file: string) => readFileSync(new URL(`../../dist/${file}`, import.meta.url), 'utf8')

/** Parsing at a language level proves the file uses no syntax newer than it (README, "Browsers"). */
const parsesAt = (code: string, ecmaVersion: 2017 | 2022, sourceType: 'script' | 'module' = 'script') => () => parse(code, { ecmaVersion, sourceType })

describe('browsers', () => {
  it('ships the script-tag bundle and the npm build in ES2022 syntax', () => {
    expect(parsesAt(built('relata.min.js'), 2022)).not.toThrow()
    expect(parsesAt(built('index.mjs'), 2022, 'module')).not.toThrow()
  })

  it('keeps the snippet to ES2017 syntax, so that older browsers still queue the page’s calls', () => {
    expect(parsesAt(built('snippet.min.js'), 2017)).not.toThrow()
  })
})
