// @vitest-environment node
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import { rollup } from 'rollup'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url)
const gzipBytes = (code: string | Buffer) => gzipSync(code, { level: 9 }).length
const built = (file: string) => gzipBytes(readFileSync(new URL(`dist/${file}`, root)))
const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/**
 * The target for the script-tag bundle is 6 KB; this check holds the figure reached so
 * far, so the bundle cannot grow unnoticed (README, "Size"). The snippet's 600 B budget is
 * checked in snippet.test.ts.
 */
const relataSizeCheck = 11_583 // 11.1 KB

describe('size', () => {
  it('keeps dist/relata.min.js within its size check', () => {
    expect(built('relata.min.js')).toBeLessThanOrEqual(relataSizeCheck)
  })

  it('states the current sizes in the README', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8')
    expect(readme).toContain(`| \`dist/relata.min.js\` | ${kilobytes(built('relata.min.js'))} |`)
    expect(readme).toContain(`| \`dist/snippet.min.js\` | ${built('snippet.min.js')} B |`)
  })

  it('costs an npm app that imports only AnalyticsBrowser no more than the script-tag bundle', async () => {
    const bundle = await rollup({
      input: 'entry',
      plugins: [
        { name: 'entry', resolveId: (id) => (id === 'entry' ? id : null), load: (id) => (id === 'entry' ? "import { AnalyticsBrowser } from 'relata'\nwindow.analytics = AnalyticsBrowser.load({ writeKey: 'k' })" : null) },
        { name: 'self', resolveId: (id) => (id === 'relata' ? new URL('dist/index.mjs', root).pathname : null) },
        nodeResolve({ browser: true }),
        terser(),
      ],
    })
    const { output } = await bundle.generate({ format: 'iife' })
    await bundle.close()
    expect(gzipBytes(output[0].code)).toBeLessThanOrEqual(built('relata.min.js'))
  })
})
