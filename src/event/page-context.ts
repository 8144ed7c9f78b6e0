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
export function pageFields(href: string, pathname: string, search: string, title: string, referrer: string, canonical?: string): PageFields {
  let url = href.replace(/#.*$/, '')
  let path = pathname
  const canonicalUrl = canonical ? absoluteUrl(canonical, href) : undefined
  if (canonicalUrl) {
    url = canonicalUrl.includes('?') ? canonicalUrl : canonicalUrl + search
    path = new URL(canonicalUrl).pathname
  }
  return { path, referrer, search, title, url }
}

export function readPage(): PageFields {
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined
  return pageFields(location.href, location.pathname, location.search, document.title, document.referrer, canonical)
}

/** `url` made absolute against `base`; undefined when it is not a URL at all. */
export function absoluteUrl(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).href
  } catch {
    return undefined
  }
}

const utmNames: Record<string, string> = { campaign: 'name', source: 'source', medium: 'medium', term: 'term', content: 'content' }

/** `utm_source=x&utm_campaign=y` becomes `{ source: 'x', name: 'y' }`. */
export function campaignFrom(search: string): Record<string, string> | undefined {
  let campaign: Record<string, string> | undefined
  new URLSearchParams(search).forEach((value, key) => {
    if (!key.startsWith('utm_')) return
    const name = key.slice(4)
    ;(campaign ??= {})[utmNames[name] ?? name] = value
  })
  return campaign
}

export interface ContextCache {
  /** The context for the page as it is now; shared and frozen, so it must not be mutated. */
  current(): JsonObject
  /** A context for `page`; frozen, as many events share it and a change through one would leak. */
  build(page: PageFields): JsonObject
  /** What never changes during a page's life; built once, as the time zone lookup is slow. */
  base(): JsonObject
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
  let where: unknown
  let title = ''
  let context: JsonObject = {}
  let fixed: JsonObject | undefined
  const navigation = navigationApi()
  const cache: ContextCache = {
    current() {
      if (typeof location === 'undefined') return cache.base()
      // Comparing the entry costs a fraction of reading location.href, which builds a new string each time.
      const here = navigation?.currentEntry ?? location.href
      if (here !== where || document.title !== title) {
        where = here
        title = document.title
        context = cache.build(readPage())
      }
      return context
    },
    build(page) {
      const built: JsonObject = { ...cache.base(), page: Object.freeze(page) }
      const campaign = campaignFrom(page.search)
      if (campaign) built.campaign = Object.freeze(campaign)
      return Object.freeze(built)
    },
    base: () => (fixed ??= readFixed()),
  }
  return cache
}

function readFixed(): JsonObject {
  const nav = typeof navigator === 'undefined' ? undefined : navigator
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
