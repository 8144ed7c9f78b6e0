import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'

/** @param {boolean} declarations @param {object} [overrides] */
const typescriptFor = (declarations, overrides = {}) =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: {
      ...(declarations
        ? { noEmit: false, declaration: true, declarationDir: 'dist', emitDeclarationOnly: false, allowJs: false, checkJs: false }
        : { noEmit: false, declaration: false, allowJs: false, checkJs: false }),
      ...overrides,
    },
  })

// Names the snippets share with the bundle (`_writeKey`, `__t`, …) must survive property mangling.
const snippetNames = ['__t', '_writeKey', '_loadOptions', '_cdn', '_cio']
const minify = terser({ ecma: 2020, module: false, compress: { passes: 3, unsafe_arrows: true }, mangle: { properties: { regex: /^_/, reserved: snippetNames } } })

/** @type {import('rollup').RollupOptions[]} */
export default [
  {
    input: 'src/index.ts',
    external: ['idb-keyval'],
    output: [
      { file: 'dist/index.mjs', format: 'es' },
      { file: 'dist/index.cjs', format: 'cjs' },
    ],
    plugins: [typescriptFor(true)],
  },
  {
    input: 'src/standalone.ts',
    output: { file: 'dist/relata.min.js', format: 'iife', plugins: [minify] },
    plugins: [nodeResolve({ browser: true }), typescriptFor(false)],
  },
  {
    input: 'src/snippet/snippet.ts',
    output: { file: 'dist/snippet.min.js', format: 'iife', strict: false, plugins: [terser({ ecma: 2020, compress: { passes: 3, unsafe_arrows: true } })] },
    // The snippet is pasted into pages: in a browser too old for the bundle it must still
    // parse, so that the page's own calls to analytics.* keep working.
    plugins: [typescriptFor(false, { target: 'ES2017' })],
  },
]
