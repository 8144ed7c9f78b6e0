import type { KeyValueStore } from './stores'

/** First-party cookies on the widest domain the browser allows, `SameSite=Lax`, `Secure` on https. */
export function cookieStore(): KeyValueStore {
  if (typeof document === 'undefined' || !navigator.cookieEnabled) throw new Error('cookies unavailable')
  const secure = location.protocol === 'https:' ? '; Secure' : ''
  let domain = ''
  const write = (key: string, value: string | null, maxAge: number) => {
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
  const labels = hostname.includes('.') && !/^[\d.]+$|:/.test(hostname) ? hostname.split('.') : []
  for (let i = labels.length - 2; i >= 0; i--) {
    domain = `; domain=${labels.slice(i).join('.')}`
    write('__relata_tld__', '1', 60)
    if (read('__relata_tld__')) {
      write('__relata_tld__', null, 0)
      break
    }
    domain = ''
  }
  return { get: read, set: (key, value) => write(key, value, 365 * 24 * 60 * 60) }
}
