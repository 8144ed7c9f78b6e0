import { readFile } from 'node:fs/promises'

const snippetFile = new URL('../../dist/snippet.min.js', import.meta.url)

/**
 * The built snippet as a site would paste it, filled in for the demo: the bundle from this
 * collector, a demo write key, and this collector as the API host.
 */
export async function demoSnippet() {
  const snippet = await readFile(snippetFile, 'utf8')
  return snippet
    .replace('YOUR_BUNDLE_URL', '/dist/relata.min.js')
    .replace('analytics.load("YOUR_WRITE_KEY")', 'analytics.load("demo-write-key",{apiHost:location.origin+"/v1",flushInterval:300})')
}
