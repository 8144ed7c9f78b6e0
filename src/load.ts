import { Analytics } from './client/client'
import { resolveConfig } from './config'
import { indexedDbOutbox } from './delivery/idb-outbox'
import { intakeFor } from './delivery/intake'
import { leaseLeadership, leaseMs, webLockLeadership } from './delivery/leadership'
import { memoryOutbox } from './delivery/outbox'
import { watchPage } from './delivery/page-lifecycle'
import { resilientOutbox } from './delivery/resilient-outbox'
import { senderFor } from './delivery/sender'
import { fetchPost } from './delivery/transport'
import { Emitter } from './emitter'
import { contextCache } from './event/page-context'
import { identityFrom } from './identity/identity'
import { Logger } from './log'
import { cookieStore } from './storage/cookies'
import { fallbackStore, localStore } from './storage/stores'
import { withInitOptions } from './snippet/options'
import type { JsonObject, LoadOptions } from './types'
import { uuid } from './uuid'

const inBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined'

/**
 * Creates a client. It is usable at once; events wait in the outbox until sent. Outside a
 * browser (server-side rendering) the client accepts calls and sends nothing. A second
 * argument is read as analytics.js reads it: its `integrations['Customer.io Data Pipelines']`
 * (or `['Segment.io']`) `{ apiHost, protocol }` give the endpoint unless `settings` has one.
 * @example
 * import { AnalyticsBrowser } from 'relata'
 * const analytics = AnalyticsBrowser.load({ writeKey: 'YOUR_WRITE_KEY' })
 * analytics.track('Signed Up', { plan: 'pro' })
 */
export function load(settings: LoadOptions, initOptions?: JsonObject): Analytics {
  const options = withInitOptions(settings, initOptions)
  const config = resolveConfig(options)
  const log = new Logger(options.debug === true)
  const emitter = new Emitter()
  const browser = inBrowser()
  const identity = identityFrom(
    fallbackStore(browser ? [cookieStore, localStore] : []),
    fallbackStore(browser ? [localStore] : []),
  )
  const contexts = contextCache()
  // Outside a browser the client keeps what it accepts in memory, and sends nothing.
  const memory = memoryOutbox(config)
  // the tabs of one site and write key share a database, a channel and a lock of this name
  const name = `relata:${config.writeKey}`
  const outbox = browser ? resilientOutbox(() => indexedDbOutbox(name, config, config.flushAt), memory, log) : memory
  const channel = browser && typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null
  const sender = browser
    ? senderFor({
        _config: config,
        _outbox: outbox,
        _leadership: webLockLeadership(name, () => leaseLeadership(outbox, uuid(), leaseMs)),
        _post: fetchPost,
        _emitter: emitter,
        _log: log,
        _announce: (message) => {
          try {
            channel?.postMessage(message)
          } catch {
            // closed by close(): nobody to tell
          }
        },
      })
    : null
  const intake = intakeFor(outbox, (records, dropped) => sender?._accepted(records, dropped))
  const client = new Analytics({ _config: config, _identity: identity, _contexts: contexts, _intake: intake, _sender: sender, _emitter: emitter, _log: log })
  if (sender) {
    client._close = watchPage(sender, intake, channel)
    sender.start()
  }
  return client
}

/** Entry point, named as in analytics-next so imports carry over. */
export const AnalyticsBrowser = { load }
