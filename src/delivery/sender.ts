import type { Config } from '../config'
import type { Emitter } from '../emitter'
import { DeliveryError } from '../errors'
import type { Logger } from '../log'
import { chunkByBytes, limits, takeBatch } from './batching'
import type { Leadership } from './leadership'
import type { Outbox, OutboxRecord } from './outbox'
import { decide } from './retry-policy'
import { batchBody, type Post } from './transport'

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
  /** Records in a keepalive request whose answer is not back. */
  inFlight: Set<string>
  timer: ReturnType<typeof setTimeout> | undefined
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
  readonly state: SenderState = { waiting: 0, retryAt: 0, attempt: 0, paused: null, unsent: new Map(), inFlight: new Set(), timer: undefined }
  private drained: Promise<void> = Promise.resolve()

  constructor(private readonly parts: SenderParts) {}

  private get url(): string {
    return `${this.parts.config.apiHost}/b`
  }

  /** Competes to be the tab that sends; the winner first delivers what earlier pages left. */
  start(): void {
    this.parts.leadership.start(() => {
      this.parts.log.debug('this tab now sends for the site')
      void this.flush()
    })
  }

  /** Called once records are in the outbox; `dropped` fell off its far end. */
  accepted(records: OutboxRecord[], dropped: OutboxRecord[]): void {
    for (const record of records) this.state.unsent.set(record.key, record)
    if (dropped.length > 0) this.report('outbox-full', dropped, 'the outbox reached its limit; the oldest events were dropped')
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
    this.state.waiting += count
    if (this.state.waiting >= this.parts.config.flushAt) void this.flush()
    else this.schedule(this.parts.config.flushInterval)
  }

  /** Sends what waits now, unless sending is paused; resolves when the attempt is over. */
  flush(): Promise<void> {
    this.clearTimer()
    this.drained = this.drained.then(() => this.drain())
    return this.drained
  }

  setOnline(online: boolean): void {
    if (!online) this.state.paused = 'offline'
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
    if (this.state.paused || Date.now() < this.state.retryAt) return Promise.resolve()
    const sends = this.parts.leadership.leading || !this.parts.outbox.shared
    const mine = sends ? [...this.state.unsent.values()] : []
    const records = [...mine, ...unconfirmed].filter((record) => !this.state.inFlight.has(record.key))
    if (records.length === 0) return Promise.resolve()
    this.parts.log.debug(`page hidden: handing ${records.length} events to keepalive requests`)
    return Promise.all(chunkByBytes(records, limits.keepalive).map((chunk) => this.sendKeepalive(chunk))).then(() => {})
  }

  stop(): void {
    this.clearTimer()
    this.parts.leadership.stop()
  }

  private async sendKeepalive(chunk: OutboxRecord[]): Promise<void> {
    for (const record of chunk) this.state.inFlight.add(record.key)
    const answer = await this.parts.post(this.url, batchBody(chunk, this.parts.config.writeKey, new Date()), true)
    for (const record of chunk) this.state.inFlight.delete(record.key)
    if (answer.status >= 200 && answer.status < 300) this.delivered(chunk)
  }

  /**
   * Reads the outbox a window of batches at a time and sends them one after another, in
   * order: one storage read serves many requests, and removing a delivered batch does not
   * hold up the next.
   */
  private async drain(): Promise<void> {
    const { state, parts } = this
    for (;;) {
      if (navigator.onLine === false) state.paused = 'offline'
      if (state.paused) return
      if (Date.now() < state.retryAt) return this.schedule(state.retryAt - Date.now())
      if (parts.outbox.shared && !(await parts.leadership.confirm())) return parts.announce({ flush: true })
      const waiting = await parts.outbox.read(parts.config.flushAt * batchesPerRead + state.inFlight.size)
      let rest = await this.dropExpired(waiting.filter((record) => !state.inFlight.has(record.key)))
      if (rest.length === 0) {
        state.waiting = 0
        return
      }
      while (rest.length > 0) {
        const batch = takeBatch(rest, parts.config.flushAt, limits.request)
        rest = rest.slice(batch.length)
        if (!(await this.deliver(batch))) return
      }
    }
  }

  /** Sends `batch`, splitting it when the API refuses it; false when sending must stop for now. */
  private async deliver(batch: OutboxRecord[]): Promise<boolean> {
    const { state, parts } = this
    const answer = await parts.post(this.url, batchBody(batch, parts.config.writeKey, new Date()), false)
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
        for (const record of batch) state.unsent.delete(record.key)
        this.report(decision.reason, batch, 'the API refused this event; it was dropped')
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
        return false
    }
  }

  private delivered(batch: OutboxRecord[]): void {
    // Not awaited: the next read of the outbox waits for this removal anyway.
    void this.parts.outbox.remove(batch)
    for (const record of batch) this.state.unsent.delete(record.key)
    this.state.waiting = Math.max(0, this.state.waiting - batch.length)
    this.parts.log.debug(`delivered ${batch.length} events`)
    this.parts.emitter.emit('delivered', { count: batch.length, messageIds: batch.map((record) => record.messageId) })
  }

  private async dropExpired(records: OutboxRecord[]): Promise<OutboxRecord[]> {
    const oldest = Date.now() - this.parts.config.maxEventAge
    const expired = records.filter((record) => record.at < oldest)
    if (expired.length === 0) return records
    await this.parts.outbox.remove(expired)
    this.report('expired', expired, `events older than ${this.parts.config.maxEventAge} ms were dropped`)
    return records.filter((record) => record.at >= oldest)
  }

  private report(reason: string, records: OutboxRecord[], what: string): void {
    const status = /^http-(\d+)$/.exec(reason)?.[1]
    const error = new DeliveryError(Number(status ?? 0), `relata: ${records.length} events: ${what} (${reason}).`)
    this.parts.log.debug(error.message)
    this.parts.emitter.emit('error', { error, reason, count: records.length, messageIds: records.map((record) => record.messageId) })
  }

  private schedule(delayMs: number): void {
    if (this.state.timer === undefined) this.state.timer = setTimeout(() => void this.flush(), delayMs)
  }

  private clearTimer(): void {
    clearTimeout(this.state.timer)
    this.state.timer = undefined
  }
}
