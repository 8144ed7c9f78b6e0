import type { PageFields } from '../event/page-context'

/**
 * The page as a snippet recorded it at call time: Segment's v5 "buffered page context",
 * with `d` (the call time in ms) added by relata's snippet.
 */
export interface RecordedPage {
  __t: 'bpc'
  /** canonical link, as written in the page (may be relative) */
  c?: string
  u: string
  p: string
  s: string
  t: string
  r: string
  d?: number
}

export const isRecordedPage = (value: unknown): value is RecordedPage =>
  typeof value === 'object' && value !== null && (value as { __t?: unknown }).__t === 'bpc'

/** The page fields relata would have read at call time, canonical URL first, as `readPage()` does. */
export function pageFrom(recorded: RecordedPage): PageFields {
  let url = recorded.u.replace(/#.*$/, '')
  let path = recorded.p
  const canonical = recorded.c && absolute(recorded.c, recorded.u)
  if (canonical) {
    url = canonical.includes('?') ? canonical : canonical + recorded.s
    path = new URL(canonical).pathname
  }
  return { path, referrer: recorded.r, search: recorded.s, title: recorded.t, url }
}

/** `pageview(url)`: the current page's fields with the URL and path taken from `url`. */
export function pageAt(url: string): Partial<PageFields> {
  const parsed = absolute(url, location.href)
  return parsed ? { url: parsed, path: new URL(parsed).pathname } : { url }
}

function absolute(url: string, base: string): string | undefined {
  try {
    return new URL(url, base).href
  } catch {
    return undefined
  }
}
