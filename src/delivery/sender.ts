import type { Config } from '../config'
import type { Emitter } from '../emitter'
import type { Logger } from '../log'
import { DeliveryError } from '../errors'
import { chunkByBytes, limits, takeBatch } from './batching'
import type { Outbox, OutboxRecord } from './outbox'
import { batchBody, type Post } from './transport'

/**
 * Moves events from the outbox to the API: a batch when `flushAt` events wait, after
 * `flushInterval`, or on `flush()`; whatever is left when the page hides goes out in
 * keepalive requests.
 */
export class Sender {
  private timer: ReturnType<typeof setTimeout> | undefined
  private drained: Promise<void> = Promise.resolve()
  /** Records this page accepted and has not seen delivered: what unload must hand over. */
  private readonly unsent = new Map<string, OutboxRecord>()

  constructor(
    private readonly outbox: Outbox,
    private readonly config: Config,
    private readonly post: Post,
    private readonly events: Emitter,
    private readonly log: Logger,
  ) {}

  get url(): string {
    return `${this.config.apiHost}/b`
  }

  /** Called once records are safely in the outbox. */
  accepted(records: OutboxRecord[]): void {
    for (const record of records) this.unsent.set(record.key, record)
    if (this.unsent.size >= this.config.flushAt) void this.flush()
    else this.timer ??= setTimeout(() => void this.flush(), this.config.flushInterval)
  }

  /** Sends what waits now; resolves when the attempt is over. */
  flush(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    this.drained = this.drained.then(() => this.drain())
    return this.drained
  }

  /** Hands every unsent record to keepalive requests, which outlive the page. */
  unload(extra: OutboxRecord[]): void {
    const records = [...this.unsent.values(), ...extra]
    if (records.length === 0) return
    for (const chunk of chunkByBytes(records, limits.keepalive)) {
      void this.post(this.url, batchBody(chunk, this.config.writeKey, new Date()), true)
    }
    this.log.debug(`page hidden: handed ${records.length} events to keepalive requests`)
  }

  stop(): void {
    clearTimeout(this.timer)
  }

  private async drain(): Promise<void> {
    for (;;) {
      const waiting = await this.outbox.read(this.config.flushAt)
      const batch = takeBatch(waiting, this.config.flushAt, limits.request)
      if (batch.length === 0) return
      if (!(await this.send(batch))) return
    }
  }

  private async send(batch: OutboxRecord[]): Promise<boolean> {
    const messageIds = batch.map((record) => record.messageId)
    const { status } = await this.post(this.url, batchBody(batch, this.config.writeKey, new Date()), false)
    if (status >= 200 && status < 300) {
      await this.outbox.remove(batch.map((record) => record.key))
      for (const record of batch) this.unsent.delete(record.key)
      this.log.debug(`delivered ${batch.length} events`)
      this.events.emit('delivered', { count: batch.length, messageIds })
      return true
    }
    const reason = status === 0 ? 'network' : `http-${status}`
    const error = new DeliveryError(status, `relata: sending ${batch.length} events failed (${reason}); they stay queued and are sent again later.`)
    this.log.debug(error.message)
    this.events.emit('error', { error, reason, messageIds })
    this.timer ??= setTimeout(() => void this.flush(), this.config.flushInterval)
    return false
  }
}
