import type { Config } from '../config'
import type { Emitter } from '../emitter'
import type { Logger } from '../log'
import type { Leadership } from './leadership'
import type { Outbox, OutboxRecord } from './outbox'
import type { Post } from './transport'

/** What tabs tell the tab that sends. */
export type TabMessage = { written: number } | { flush: true }

export interface SenderParts {
  _config: Config
  _outbox: Outbox
  _leadership: Leadership
  _post: Post
  _emitter: Emitter
  _log: Logger
  /** Tells the tab that sends that events were written, or that a flush was asked for. */
  _announce: (message: TabMessage) => void
}

export interface Sender {
  /** Competes to be the tab that sends; the winner first delivers what earlier pages left. */
  start(): void
  /** Called once records are in the outbox; `dropped` fell off its far end. */
  _accepted(records: OutboxRecord[], dropped: OutboxRecord[]): void
  /** Handles another tab's message; only the tab that sends has to act on them. */
  _heard(message: TabMessage): void
  /** Sends what waits now, unless sending is paused; resolves when the attempt is over. */
  flush(): Promise<void>
  /** The network is back: lifts an offline pause (and no other). */
  _online(): void
  /**
   * The page may be going away: hands what this page has not seen delivered to a keepalive
   * request, which outlives it. Records stay in the outbox until an answer says they
   * arrived, so a request that never lands is retried by the next page. `written` resolves
   * once the `unconfirmed` records are in the outbox, from which a delivered one is then removed.
   */
  _unload(unconfirmed: OutboxRecord[], written: Promise<unknown>): Promise<void>
  stop(): void
}
