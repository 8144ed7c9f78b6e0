import type { JsonObject } from '../types'
import { version } from '../version'

export interface PageFields {
  path: string
  referrer: string
  search: string
  title: string
  url: string
}

/**
 * Page fields as analytics.js reports them: a canonical URL, when the page declares a
 * valid one, gives the url (keeping the query) and the path.
 */
export function pageFields(href: string, pathname: string, search: string, title: string, referrer: string, canonical?: string | null): PageFields {
  const page = { path: pathname, referrer, search, title, url: href.replace(/#.*$/, '') }
  try {
    if (canonical) {
      const { href: url, pathname: path } = new URL(canonical, href)
      page.url = url.includes('?') ? url : url + search
      page.path = path
    }
  } catch {
    // not a URL: the page's own address stands
  }
  return page
}

/** `utm_source=x&utm_campaign=y` becomes `{ source: 'x', name: 'y' }`. */
export function campaignFrom(search: string): Record<string, string> | undefined {
  let campaign: Record<string, string> | undefined
  new URLSearchParams(search).forEach((value, key) => {
    const name = key.slice(4)
    if (key.startsWith('utm_')) (campaign ??= {})[name == 'campaign' ? 'name' : name] = value
  })
  return campaign
}

export interface ContextCache {
  /** The context for the page as it is now; shared and frozen, so it must not be mutated. */
  _current(): JsonObject
  /** A context for `page`; frozen, as many events share it and a change through one would leak. */
  _build(page: PageFields): JsonObject
}

interface NavigationApi {
  currentEntry: object | null
}

/**
 * Where the Navigation API exists, each URL change (pushState, replaceState, a new hash)
 * makes a new current entry. Only the real one counts: an element or frame named
 * "navigation", or a page's own global of that name, is not it.
 */
function navigationApi(): NavigationApi | undefined {
  const scope = globalThis as { Navigation?: abstract new () => NavigationApi; navigation?: unknown }
  return scope.Navigation && scope.navigation instanceof scope.Navigation ? scope.navigation : undefined
}

/** Builds the event context once per page state: per-call work is a comparison until the URL or title changes. */
export function contextCache(): ContextCache {
  // All three are set by the first call: no page state equals `where` as it starts, undefined.
  let where: unknown
  let title: string
  let context: JsonObject
  const navigation = navigationApi()
  // What never changes during a page's life, built once, as the time zone lookup is slow:
  // here, at load(), rather than by the first call, as the first lookup initializes ICU.
  const fixed = readFixed()
  const build = (page: PageFields): JsonObject => {
    const built: JsonObject = { ...fixed, page: Object.freeze(page) }
    const campaign = campaignFrom(page.search)
    if (campaign) built.campaign = Object.freeze(campaign)
    return Object.freeze(built)
  }
  return {
    _current() {
      if (typeof location === 'undefined') return fixed
      // Comparing the entry costs a fraction of reading location.href, which builds a new string each time.
      const here = navigation?.currentEntry ?? location.href
      if (here !== where || document.title !== title) {
        where = here
        title = document.title
        const canonical = document.querySelector('link[rel=canonical]')?.getAttribute('href')
        context = build(pageFields(location.href, location.pathname, location.search, title, document.referrer, canonical))
      }
      return context
    },
    _build: build,
  }
}

function readFixed(): JsonObject {
  // absent outside browsers and in older Node
  const nav = globalThis.navigator as Navigator | undefined
  const context: JsonObject = { library: Object.freeze({ name: 'relata', version }) }
  if (nav?.userAgent) context.userAgent = nav.userAgent
  if (nav?.language) context.locale = nav.language
  try {
    context.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone
  } catch {
    // Intl without time zones: leave it out
  }
  return context
}
