// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCollector } from '../../demo/collector/collector.mjs'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function dataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'relata-collector-'))
  dirs.push(dir)
  return dir
}

const story = [
  { type: 'identify', messageId: 'i1', userId: 'ada', traits: { email: 'ada@example.com' } },
  { type: 'group', messageId: 'g1', userId: 'ada', groupId: 'acme-x', traits: { name: 'Acme X', relationshipAttributes: { role: 'admin' } } },
  { type: 'group', messageId: 'g2', userId: 'ada', groupId: 'acme-y', traits: { name: 'Acme Y', relationshipAttributes: { role: 'contributor' } } },
  { type: 'track', messageId: 't1', userId: 'ada', anonymousId: 'a', event: 'Relationship Deleted', properties: { objectId: 'acme-y', objectTypeId: 1 } },
]

async function post(url: string, batch: unknown[]) {
  return (await fetch(`${url}/v1/b`, { method: 'POST', body: JSON.stringify({ writeKey: 'k', batch }) })).status
}

describe('state on disk', () => {
  it('rebuilds people, objects, relationships and the stream after a restart', async () => {
    const dir = dataDir()
    const first = await startCollector({ dataDir: dir })
    expect(await post(first.url, story)).toBe(200)
    expect(await post(first.url, [{ type: 'track', messageId: 'bad', userId: 'ada' }])).toBe(400)
    const before = first.state()
    await first.close()

    const second = await startCollector({ dataDir: dir })
    const after = second.state()
    expect(after.people).toEqual(before.people)
    expect(after.objects).toEqual(before.objects)
    expect(after.relationships).toEqual([expect.objectContaining({ userId: 'ada', objectId: 'acme-x', attributes: { role: 'admin' } })])
    expect(after.events.map((entry) => [entry.messageId, entry.status])).toEqual([['i1', 'accepted'], ['g1', 'accepted'], ['g2', 'accepted'], ['t1', 'accepted'], ['bad', 'rejected']])
    expect(after.errors).toEqual(before.errors)
    // Duplicates are still recognised after the restart.
    expect(await post(second.url, [story[0]])).toBe(200)
    expect(second.state().events.at(-1)).toMatchObject({ messageId: 'i1', status: 'duplicate' })
    await second.close()
  })

  it('keeps nothing on disk without a dataDir', async () => {
    const collector = await startCollector()
    await post(collector.url, story)
    await collector.close()
    const fresh = await startCollector()
    expect(fresh.state().people).toEqual([])
    await fresh.close()
  })

  it('clears the log with POST /api/reset', async () => {
    const dir = dataDir()
    const first = await startCollector({ dataDir: dir })
    await post(first.url, story)
    await fetch(`${first.url}/api/reset`, { method: 'POST' })
    await post(first.url, [{ type: 'identify', messageId: 'after-reset', userId: 'bob', traits: {} }])
    await first.close()
    const second = await startCollector({ dataDir: dir })
    expect(second.state().people.map((person) => person.userId)).toEqual(['bob'])
    await second.close()
  })

  it('skips a half-written last line and keeps appending after it', async () => {
    const dir = dataDir()
    const first = await startCollector({ dataDir: dir })
    await post(first.url, story.slice(0, 1))
    await first.close()
    const file = join(dir, 'collector-log.ndjson')
    expect(existsSync(file)).toBe(true)
    appendFileSync(file, '{"at": 1, "path": "/v1/b", "sta')
    const second = await startCollector({ dataDir: dir })
    await post(second.url, story.slice(1, 2))
    await second.close()
    const third = await startCollector({ dataDir: dir })
    expect(third.state().relationships).toEqual([expect.objectContaining({ userId: 'ada', objectId: 'acme-x' })])
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3)
    await third.close()
  })
})
