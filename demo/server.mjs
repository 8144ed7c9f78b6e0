import { fileURLToPath } from 'node:url'
import { startCollector } from './collector/collector.mjs'

const port = Number(process.env.PORT ?? 8787)
const host = process.env.HOST ?? '127.0.0.1'
const dataDir = fileURLToPath(new URL('./.data/', import.meta.url))
const collector = await startCollector({ host, port, dataDir })
console.log(`relata demo:     ${collector.url}/
debugger:        ${collector.url}/debugger
collector API:   ${collector.url}/v1  (state at ${collector.url}/api/state; POST /api/reset clears it)`)
