import { afterEach, describe, expect, it, vi } from 'vitest'
import { contextCache } from '../../src/event/page-context'

afterEach(() => {
  vi.unstubAllGlobals()
  history.replaceState({}, '', '/')
})

const pathOf = (context: Record<string, unknown>) => (context.page as { path: string }).path

/** Each path pushed is the one the next context reports. */
function expectFollowsPushState(paths: string[]) {
  const cache = contextCache()
  for (const path of paths) {
    history.pushState({}, '', path)
    expect(pathOf(cache._current())).toBe(path)
  }
}

describe('the page context cache', () => {
  it('notices a URL change where the browser has no Navigation API', () => {
    expectFollowsPushState(['/one', '/two'])
  })

  it('is not fooled by a global named navigation that is not the Navigation API', () => {
    // e.g. a page's menu script, or an element with id="navigation"
    vi.stubGlobal('navigation', { currentEntry: { fixed: true } })
    expectFollowsPushState(['/menu/one', '/menu/two'])
  })

  it('keeps the same frozen context while the page does not change', () => {
    const cache = contextCache()
    const first = cache._current()
    expect(cache._current()).toBe(first)
    expect(Object.isFrozen(first)).toBe(true)
    document.title = 'Another title'
    expect(cache._current()).not.toBe(first)
  })
})
