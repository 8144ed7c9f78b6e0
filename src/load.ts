import { Analytics } from './client/client'
import { resolveConfig } from './config'
import { Intake } from './delivery/intake'
import { memoryOutbox } from './delivery/outbox'
import { Sender } from './delivery/sender'
import { fetchPost } from './delivery/transport'
import { Emitter } from './emitter'
import { ContextCache } from './event/page-context'
import { Identity } from './identity/identity'
import { Logger } from './log'
import { cookieStore } from './storage/cookies'
import { fallbackStore, localStore } from './storage/stores'
import type { LoadOptions } from './types'

const inBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined'

/**
 * Creates a client. It is usable at once; events wait in the queue until sent. Outside a
 * browser (server-side rendering) the client accepts calls and sends nothing.
 * @example
 * import { AnalyticsBrowser } from 'relata'
 * const analytics = AnalyticsBrowser.load({ writeKey: 'YOUR_WRITE_KEY' })
 * analytics.track('Signed Up', { plan: 'pro' })
 */
export function load(options: LoadOptions): Analytics {
  const config = resolveConfig(options)
  const log = new Logger()
  log.enabled = options.debug === true
  const emitter = new Emitter()
  const browser = inBrowser()
  const identity = new Identity(
    fallbackStore(browser ? [cookieStore, localStore] : []),
    fallbackStore(browser ? [localStore] : []),
  )
  const outbox = memoryOutbox()
  const sender = browser ? new Sender(outbox, config, fetchPost, emitter, log) : null
  const intake = new Intake(outbox, (records) => sender?.accepted(records))
  const client = new Analytics({ config, identity, contexts: new ContextCache(), intake, sender, emitter, log })
  if (sender) watchPageLifecycle(sender, intake, client)
  return client
}

/** Hands what is left to keepalive requests when the page may be going away. */
function watchPageLifecycle(sender: Sender, intake: Intake, client: Analytics): void {
  const onHide = () => sender.unload(intake.unwritten())
  const onVisibility = () => document.visibilityState === 'hidden' && onHide()
  addEventListener('pagehide', onHide)
  document.addEventListener('visibilitychange', onVisibility)
  client.onClose(() => {
    removeEventListener('pagehide', onHide)
    document.removeEventListener('visibilitychange', onVisibility)
    sender.stop()
  })
}

/** Entry point, named as in analytics-next so imports carry over. */
export const AnalyticsBrowser = { load }
