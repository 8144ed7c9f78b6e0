import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'

/** @param {boolean} declarations */
const typescriptFor = (declarations) =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: declarations
      ? { noEmit: false, declaration: true, declarationDir: 'dist', emitDeclarationOnly: false, allowJs: false, checkJs: false }
      : { noEmit: false, declaration: false, allowJs: false, checkJs: false },
  })

const minify = terser({ ecma: 2020, module: false, compress: { passes: 3, unsafe_arrows: true }, mangle: { properties: { regex: /^_/ } } })

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
]
