import type { KeyValueStore } from './stores'

/** First-party cookies on the widest domain the browser allows, `SameSite=Lax`, `Secure` on https. */
export function cookieStore(): KeyValueStore {
  // load() asks for cookies only in a browser; there, blocked cookies leave the caller to do without
  if (!navigator.cookieEnabled) throw new Error('cookies unavailable')
  const secure = location.protocol === 'https:' ? '; Secure' : ''
  let domain = ''
  // a year unless told otherwise; a null value removes the cookie
  const write = (key: string, value: string | null, maxAge = 365 * 24 * 60 * 60) => {
    document.cookie = `${key}=${encodeURIComponent(value ?? '')}; path=/; max-age=${value === null ? 0 : maxAge}; SameSite=Lax${domain}${secure}`
  }
  const read = (key: string): string | null => {
    const prefix = `${key}=`
    for (const part of document.cookie.split('; ')) {
      if (part.startsWith(prefix)) return decodeURIComponent(part.slice(prefix.length))
    }
    return null
  }
  // Tries `example.co.uk` after `co.uk` and so on: the browser refuses public suffixes, so
  // the first suffix that keeps a probe cookie is the site's top-level domain.
  const { hostname } = location
  const probe = '__relata_tld__'
  // an IP address has no domain to widen to; a single label (localhost) leaves no suffix to try
  const labels = /^[\d.]+$|:/.test(hostname) ? [] : hostname.split('.')
  // `domain` stays set once a suffix keeps the probe, which ends the search
  for (let i = labels.length - 2; i >= 0 && !domain; i--) {
    domain = `; domain=${labels.slice(i).join('.')}`
    write(probe, '1', 60)
    if (read(probe)) write(probe, null)
    else domain = ''
  }
  return { get: read, set: write }
}
