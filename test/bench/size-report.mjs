// Which modules the script-tag bundle's bytes come from. Each module's code as rollup renders
// it into dist/relata.min.js is minified on its own, then measured two ways: gzipped alone,
// and what it adds to the gzip of all modules together (the whole minus the whole without
// it). gzip shares a dictionary across modules, so the second is what removing the module
// would save; the rows are in its order.
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
/** @param {string} code */
const gzipBytes = (code) => gzipSync(code, { level: 9 }).length
/** @type {Array<{ module: string, code: string }>} */
const modules = []
for (const [id, module] of Object.entries(output[0].modules)) {
  if (!module.code) continue
  const code = (await minify(module.code, { ecma: 2020, compress: { passes: 2 }, mangle: true, module: false, toplevel: false })).code ?? ''
  modules.push({ module: relative(process.cwd(), id).replace(/^node_modules\//, ''), code })
}
/** @param {Array<{ code: string }>} parts */
const together = (parts) => gzipBytes(parts.map((part) => part.code).join(';'))
const all = together(modules)
const rows = modules.map((entry) => ({ module: entry.module, alone: gzipBytes(entry.code), adds: all - together(modules.filter((other) => other !== entry)) }))
rows.sort((a, b) => b.adds - a.adds)
console.log('| module | gzip bytes it adds | gzip bytes alone |\n| --- | --- | --- |')
for (const row of rows) console.log(`| ${row.module} | ${row.adds} | ${row.alone} |`)
console.log(`| all modules, each minified alone | ${all} | ${rows.reduce((sum, row) => sum + row.alone, 0)} |`)
