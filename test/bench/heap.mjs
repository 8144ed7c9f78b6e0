// What a page's heap holds, read through the DevTools protocol after a full collection.

/**
 * The JS heap (`usedSize`) and the browser's own objects the page holds through it, such as
 * fetch loaders and streams (`embedderHeapUsedSize`).
 * @param {import('playwright-core').CDPSession} cdp
 */
export async function heapUsage(cdp) {
  await cdp.send('HeapProfiler.collectGarbage')
  return /** @type {{ usedSize: number, embedderHeapUsedSize: number }} */ (await cdp.send('Runtime.getHeapUsage'))
}

/**
 * A heap snapshot's bytes by what they are: `code` is what the engine compiled and the
 * shapes it learned (one-time costs of running code at all), `native` the browser's own
 * objects, `objects` everything a script made: its objects, arrays, strings and closures.
 * @typedef {{ objects: number, code: number, native: number }} HeapKinds
 * @param {import('playwright-core').CDPSession} cdp
 * @returns {Promise<HeapKinds>}
 */
export async function heapKinds(cdp) {
  await cdp.send('HeapProfiler.collectGarbage')
  /** @type {string[]} */
  const chunks = []
  /** @param {{ chunk: string }} event */
  const collect = (event) => chunks.push(event.chunk)
  cdp.on('HeapProfiler.addHeapSnapshotChunk', collect)
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false })
  cdp.off('HeapProfiler.addHeapSnapshotChunk', collect)
  const { snapshot, nodes } = JSON.parse(chunks.join(''))
  const fields = snapshot.meta.node_fields
  /** @type {string[]} */
  const types = snapshot.meta.node_types[0]
  const typeAt = fields.indexOf('type')
  const sizeAt = fields.indexOf('self_size')
  const kinds = { objects: 0, code: 0, native: 0 }
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt]]
    const kind = type === 'code' || type === 'object shape' ? 'code' : type === 'native' ? 'native' : 'objects'
    kinds[kind] += nodes[i + sizeAt]
  }
  return kinds
}
