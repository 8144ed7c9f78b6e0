import type { Config } from '../config'
import type { Emitter } from '../emitter'
import { DeliveryError } from '../errors'
import type { Logger } from '../log'
import { limits, takeBatch } from './batching'
import type { Leadership } from './leadership'
import type { Outbox, OutboxRecord } from './outbox'
import { decide } from './retry-policy'
import { batchBody, type Post, type PostResult } from './transport'

/** Batches read from the outbox at once before sending them one by one. */
const batchesPerRead = 10

/** What tabs tell the tab that sends. */
export type TabMessage = { written: number } | { flush: true }

/** Everything the sender decides on, in one place. */
export interface SenderState {
  /** Events known to wait in the outbox, here or in other tabs. */
  waiting: number
  /** No request before this time (backoff or `Retry-After`). */
  retryAt: number
  /** Consecutive failed attempts, for the backoff. */
  attempt: number
  /** Why sending stopped until something changes: `'offline'`, `'http-401'`, … */
  paused: string | null
  /** This page's records not yet known delivered: what unload hands over. */
  unsent: Map<string, OutboxRecord>
  /** Records in a request whose answer is not back, keepalive or not: never sent twice at once. */
  inFlight: Set<string>
  timer: ReturnType<typeof setTimeout> | undefined
  /** Delivered since the drain last read the outbox: a keepalive request may take part of its window. */
  sentSinceRead: Set<string>
  /** After `stop()`: nothing is scheduled, announced or sent any more. */
  closed: boolean
}

export interface SenderParts {
  config: Config
  outbox: Outbox
  leadership: Leadership
  post: Post
  emitter: Emitter
  log: Logger
  /** Tells the tab that sends that events were written, or that a flush was asked for. */
  announce: (message: TabMessage) => void
}

/**
 * Moves events from the outbox to the API. Only the tab that holds the leadership sends;
 * records leave the outbox only once the API accepted or definitively refused them.
 */
export class Sender {
  readonly state: SenderState = { waiting: 0, retryAt: 0, attempt: 0, paused: null, unsent: new Map(), inFlight: new Set(), sentSinceRead: new Set(), timer: undefined, closed: false }
  private drained: Promise<void> = Promise.resolve()

  constructor(private readonly parts: SenderParts) {}

  private get url(): string {
    return `${this.parts.config.apiHost}/b`
  }

  /** Competes to be the tab that sends; the winner first delivers what earlier pages left. */
  start(): void {
    this.parts.leadership.start(() => {
      this.parts.log.debug('this tab sends for the site')
      void this.flush()
    })
  }

  /** Called once records are in the outbox; `dropped` fell off its far end. */
  accepted(records: OutboxRecord[], dropped: OutboxRecord[]): void {
    if (this.state.closed) return
    // Only the sending tab hands records over on unload; the others leave them to it.
    if (this.sends()) for (const record of records) this.state.unsent.set(record.key, record)
    if (dropped.length > 0) this.drop('outbox-full', dropped, 'the outbox reached its limit; the oldest events were dropped')
    this.parts.announce({ written: records.length })
    this.written(records.length)
  }

  /** Handles another tab's message; only the tab that sends has to act on them. */
  heard(message: TabMessage): void {
    if (!this.parts.leadership.leading) return
    if ('flush' in message) void this.flush()
    else this.written(message.written)
  }

  /** `count` events were written to the outbox, by this tab or another. */
  written(count: number): void {
    if (!this.sends()) return
    this.state.waiting += count
    if (this.state.waiting >= this.parts.config.flushAt) void this.flush()
    else this.schedule(this.parts.config.flushInterval)
  }

  /** Sends what waits now, unless sending is paused; resolves when the attempt is over. */
  flush(): Promise<void> {
    this.clearTimer()
    if (this.state.closed) return this.drained
    this.drained = this.drained
      .then(() => this.drain())
      .catch((error: unknown) => this.parts.log.debug('sending stopped by an unexpected error', error))
    return this.drained
  }

  setOnline(online: boolean): void {
    // Offline never replaces another pause: coming back online must not lift a refused key.
    if (!online) this.state.paused ??= 'offline'
    else if (this.state.paused === 'offline') {
      this.state.paused = null
      this.parts.log.debug('back online: sending again')
      void this.flush()
    }
  }

  /**
   * The page may be going away: hand what this page has not seen delivered to keepalive
   * requests, which outlive it. Records stay in the outbox until an answer says they
   * arrived, so a request that never lands is retried by the next page.
   */
  unload(unconfirmed: OutboxRecord[]): Promise<void> {
    const { state } = this
    if (state.closed || state.paused || Date.now() < state.retryAt) return Promise.resolve()
    // Records not yet confirmed in storage first: they are the ones only this page has.
    const candidates = [...unconfirmed, ...(this.sends() ? state.unsent.values() : [])]
    const records = candidates.filter((record) => !state.inFlight.has(record.key))
    // Browsers allow about 64 KB of keepalive bodies in flight per page: one chunk fits,
    // the rest stays in the outbox for the next page.
    const chunk = takeBatch(records, Infinity, limits.keepalive)
    if (chunk.length === 0) return Promise.resolve()
    this.parts.log.debug(`page hidden: handing ${chunk.length} of ${records.length} events to a keepalive request`)
    return this.sendKeepalive(chunk)
  }

  stop(): void {
    this.state.closed = true
    this.clearTimer()
    this.parts.leadership.stop()
  }

  /** Whether this tab sends: it holds the leadership, or its outbox is its own. */
  private sends(): boolean {
    return this.parts.leadership.leading || !this.parts.outbox.shared
  }

  private async sendKeepalive(chunk: OutboxRecord[]): Promise<void> {
    const answer = await this.post(chunk, true)
    if (answer.status >= 200 && answer.status < 300) this.delivered(chunk)
  }

  /** Posts `records` as one batch, marked in flight until the answer is back. */
  private async post(records: OutboxRecord[], keepalive: boolean): Promise<PostResult> {
    const { state, parts } = this
    for (const record of records) state.inFlight.add(record.key)
    try {
      return await parts.post(this.url, batchBody(records, parts.config.writeKey, new Date()), keepalive)
    } finally {
      for (const record of records) state.inFlight.delete(record.key)
    }
  }

  /**
   * Reads the outbox a window of batches at a time and sends them one after another, in
   * order: one storage read serves many requests, and removing a delivered batch does not
   * hold up the next.
   */
  private async drain(): Promise<void> {
    const { state, parts } = this
    for (;;) {
      if (navigator.onLine === false) state.paused ??= 'offline'
      if (state.paused || state.closed) return
      if (Date.now() < state.retryAt) return this.schedule(state.retryAt - Date.now())
      if (!(await this.mayLead())) return parts.announce({ flush: true })
      state.sentSinceRead.clear()
      const waiting = await parts.outbox.read(parts.config.flushAt * batchesPerRead + state.inFlight.size)
      let rest = await this.dropExpired(waiting.filter((record) => !state.inFlight.has(record.key)))
      if (rest.length === 0) {
        state.waiting = 0
        return
      }
      while (rest.length > 0) {
        const batch = takeBatch(rest, parts.config.flushAt, limits.request)
        rest = rest.slice(batch.length)
        if (!((await this.mayLead()) && (await this.deliver(batch)))) return
      }
    }
  }

  /** Sends `batch`, splitting it when the API refuses it; false when sending must stop for now. */
  private async deliver(all: OutboxRecord[]): Promise<boolean> {
    const { state, parts } = this
    // A keepalive request on page hide may have taken, or delivered, some of these meanwhile.
    const batch = all.filter((record) => !state.inFlight.has(record.key) && !state.sentSinceRead.has(record.key))
    if (batch.length === 0) return true
    const answer = await this.post(batch, false)
    const decision = decide(answer, batch.length, state.attempt, Date.now(), Math.random())
    switch (decision.action) {
      case 'delivered':
        state.attempt = 0
        this.delivered(batch)
        return true
      case 'split': {
        const half = Math.ceil(batch.length / 2)
        parts.log.debug(`${decision.reason}: splitting a batch of ${batch.length} to find the refused events`)
        return (await this.deliver(batch.slice(0, half))) && this.deliver(batch.slice(half))
      }
      case 'drop':
        await parts.outbox.remove(batch)
        this.drop(decision.reason, batch, 'the API refused this event; it was dropped')
        return true
      case 'retry':
        state.attempt++
        // A later answer with a shorter delay must not shorten an earlier Retry-After.
        state.retryAt = Math.max(state.retryAt, Date.now() + decision.delayMs)
        this.report(decision.reason, batch, `sending failed; retrying in ${Math.round(decision.delayMs)} ms`)
        this.schedule(decision.delayMs)
        return false
      case 'pause':
        state.paused = decision.reason
        this.report(decision.reason, batch, 'the API refused the write key; sending is paused and events are kept until the next page load')
        // Let go: a page loaded later, once the key is accepted again, can send them.
        parts.leadership.stop()
        return false
    }
  }

  private delivered(batch: OutboxRecord[]): void {
    // Not awaited: the next read of the outbox waits for this removal anyway.
    void this.parts.outbox.remove(batch)
    for (const record of batch) {
      this.state.unsent.delete(record.key)
      this.state.sentSinceRead.add(record.key)
    }
    this.state.waiting = Math.max(0, this.state.waiting - batch.length)
    this.parts.log.debug(`delivered ${batch.length} events`)
    this.parts.emitter.emit('delivered', { count: batch.length, messageIds: batch.map((record) => record.messageId) })
  }

  private async dropExpired(records: OutboxRecord[]): Promise<OutboxRecord[]> {
    const oldest = Date.now() - this.parts.config.maxEventAge
    const expired = records.filter((record) => record.at < oldest)
    if (expired.length === 0) return records
    await this.parts.outbox.remove(expired)
    this.drop('expired', expired, `events older than ${this.parts.config.maxEventAge} ms were dropped`)
    return records.filter((record) => record.at >= oldest)
  }

  /** Reports records that left the outbox undelivered, and forgets them. */
  private drop(reason: string, records: OutboxRecord[], what: string): void {
    for (const record of records) this.state.unsent.delete(record.key)
    this.report(reason, records, what)
  }

  private async mayLead(): Promise<boolean> {
    const { outbox, leadership } = this.parts
    if (this.state.closed) return false
    if (outbox.shared) return leadership.confirm()
    // An outbox fallen back to memory holds only this page's events: send them, and leave
    // the shared one to another tab.
    if (leadership.leading) leadership.stop()
    return true
  }

  private report(reason: string, records: OutboxRecord[], what: string): void {
    const status = /^http-(\d+)$/.exec(reason)?.[1]
    const error = new DeliveryError(Number(status ?? 0), `relata: ${records.length} events: ${what} (${reason}).`)
    this.parts.log.debug(error.message)
    this.parts.emitter.emit('error', { error, reason, count: records.length, messageIds: records.map((record) => record.messageId) })
  }

  private schedule(delayMs: number): void {
    if (this.state.timer === undefined && !this.state.closed) this.state.timer = setTimeout(() => void this.flush(), delayMs)
  }

  private clearTimer(): void {
    clearTimeout(this.state.timer)
    this.state.timer = undefined
  }
}
