import { startCollector } from './collector/collector.mjs'

const port = Number(process.env.PORT ?? 8787)
const host = process.env.HOST ?? '127.0.0.1'
const collector = await startCollector({ host, port })
console.log(`relata demo: ${collector.url}/  (collector at ${collector.url}/v1, received events at ${collector.url}/api/received)`)
