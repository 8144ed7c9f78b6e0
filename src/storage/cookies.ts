import type { KeyValueStore } from './stores'

const oneYearSeconds = 365 * 24 * 60 * 60

/** First-party cookies on the widest domain the browser allows, `SameSite=Lax`, `Secure` on https. */
export function cookieStore(): KeyValueStore {
  if (typeof document === 'undefined' || !navigator.cookieEnabled) throw new Error('cookies unavailable')
  const secure = location.protocol === 'https:'
  const domain = widestCookieDomain(location.hostname, secure)
  return {
    get: (key) => readCookie(key),
    set: (key, value) =>
      writeCookie(key, value ?? '', value === null ? 0 : oneYearSeconds, domain, secure),
  }
}

function readCookie(key: string): string | null {
  const prefix = `${key}=`
  for (const part of document.cookie.split('; ')) {
    if (part.startsWith(prefix)) return decodeURIComponent(part.slice(prefix.length))
  }
  return null
}

function writeCookie(key: string, value: string, maxAge: number, domain: string | undefined, secure: boolean) {
  document.cookie =
    `${key}=${encodeURIComponent(value)}; path=/; max-age=${maxAge}; SameSite=Lax` +
    (domain ? `; domain=${domain}` : '') +
    (secure ? '; Secure' : '')
}

/**
 * Tries `example.co.uk` after `co.uk` and so on: the browser refuses public suffixes, so
 * the first suffix that keeps a probe cookie is the site's top-level domain.
 */
export function widestCookieDomain(hostname: string, secure: boolean): string | undefined {
  if (!hostname.includes('.') || /^[\d.]+$|:/.test(hostname)) return undefined
  const labels = hostname.split('.')
  const probe = '__relata_tld__'
  for (let i = labels.length - 2; i >= 0; i--) {
    const candidate = labels.slice(i).join('.')
    writeCookie(probe, '1', 60, candidate, secure)
    if (readCookie(probe) === '1') {
      writeCookie(probe, '', 0, candidate, secure)
      return candidate
    }
  }
  return undefined
}
