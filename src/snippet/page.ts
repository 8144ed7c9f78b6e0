import { pageFields, type PageFields } from '../event/page-context'

/**
 * The page as a snippet recorded it at call time: Segment's v5 "buffered page context",
 * with `d` (the call time in ms) added by relata's snippet.
 */
export interface RecordedPage {
  __t: 'bpc'
  /** canonical link, as written in the page (may be relative); null where the page has none */
  c?: string | null
  u: string
  p: string
  s: string
  t: string
  r: string
  d?: number
}

/**
 * The page and time a snippet recorded for the call being replayed: the event that call
 * builds takes them, as if it had run when the page made it (its own options still win).
 */
export const replaying: { page?: RecordedPage | undefined } = {}

export const isRecordedPage = (value: unknown): value is RecordedPage => (value as RecordedPage | null)?.__t == 'bpc'

/** The page fields relata would have read at call time. */
export const pageFrom = (recorded: RecordedPage): PageFields => pageFields(recorded.u, recorded.p, recorded.s, recorded.t, recorded.r, recorded.c)

/** `pageview(url)`: the current page's fields with the URL and path taken from `url`. */
export function pageAt(url: string): Partial<PageFields> {
  try {
    const { href, pathname } = new URL(url, location.href)
    return { url: href, path: pathname }
  } catch {
    // not a URL, or no page to resolve it against (server-side rendering)
    return { url }
  }
}
