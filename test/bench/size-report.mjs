// Which modules the script-tag bundle's bytes come from: each module's code as rollup
// renders it into dist/relata.min.js, minified and gzipped on its own. The parts add up to
// more than the bundle (gzip shares a dictionary across modules); their order is the point.
import { gzipSync } from 'node:zlib'
import { relative } from 'node:path'
import { minify } from 'terser'
import { rollup } from 'rollup'
import config from '../../rollup.config.mjs'

const standalone = config.find((entry) => entry.output && !Array.isArray(entry.output) && entry.output.file === 'dist/relata.min.js')
if (!standalone) throw new Error('no dist/relata.min.js entry in rollup.config.mjs')
const bundle = await rollup({ ...standalone, onwarn: () => {} })
const { output } = await bundle.generate({ format: 'iife' })
await bundle.close()
/** @type {Array<{ module: string, gzip: number }>} */
const rows = []
for (const [id, module] of Object.entries(output[0].modules)) {
  if (!module.code) continue
  const minified = (await minify(module.code, { ecma: 2020, compress: { passes: 2 }, mangle: true, module: false, toplevel: false })).code ?? ''
  rows.push({ module: relative(process.cwd(), id).replace(/^node_modules\//, ''), gzip: gzipSync(minified, { level: 9 }).length })
}
rows.sort((a, b) => b.gzip - a.gzip)
const total = rows.reduce((sum, row) => sum + row.gzip, 0)
console.log('| module | gzip bytes (alone) |\n| --- | --- |')
for (const row of rows) console.log(`| ${row.module} | ${row.gzip} |`)
console.log(`| sum of parts | ${total} |`)
