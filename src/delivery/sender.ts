import { DeliveryError } from '../errors'
import { batchBytes, limits, takeBatch } from './batching'
import type { OutboxRecord } from './outbox'
import { refusesEvents, refusesKey, retryDelay, succeeded } from './retry-policy'
import type { Sender, SenderParts } from './sender-parts'
import type { PostResult } from './transport'

/** Batches read from the outbox at once before sending them one by one. */
const batchesPerRead = 10

/** Longest delay `setTimeout` takes; a longer one fires at once. */
const maxTimerMs = 2 ** 31 - 1

/**
 * Moves events from the outbox to the API. Only the tab that holds the leadership sends;
 * records leave the outbox only once the API accepted or definitively refused them.
 */
export function senderFor({ _config: config, _outbox: outbox, _leadership: leadership, _post: post, _emitter: emitter, _log: log, _announce: announce }: SenderParts): Sender {
  /** Events written to the outbox, here or in other tabs, since the drain last read it. */
  let waiting = 0
  /** No request before this time (backoff or `Retry-After`). */
  let retryAt = 0
  /** Consecutive failed attempts, for the backoff. */
  let attempt = 0
  /** Why sending stopped until something changes: `'offline'`, `'http-401'`, … */
  let paused: string | undefined
  /** After `stop()`: nothing is scheduled, announced or sent any more. */
  let closed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let drained = Promise.resolve()
  /** Keepalive bytes still free beside the bodies whose answer is not back: a hide after a tab switch shares them. */
  let keepaliveRoom: number = limits.keepalive
  /** Keys of records in a keepalive request whose answer is not back. */
  const inKeepalive = new Set<string>()
  /** What `stop()` waits for: the drains, keepalive requests, and the removals of what was delivered. */
  let settling: Promise<unknown> = drained
  // Chained, not gathered with Promise.all, whose result arrays would nest one per request for the page's life.
  const settleAlso = (work: Promise<unknown>) => void (settling = settling.then(() => work).catch(() => {}))
  /** This page's records not yet known delivered: what unload hands over. */
  const unsent = new Map<string, OutboxRecord>()
  /**
   * Keys of records in a request whose answer is not back, or delivered and not yet removed
   * from the outbox (true): no other request takes them meanwhile; or removed since the drain
   * last read the outbox (false): a keepalive request may deliver part of its window.
   */
  const taken = new Map<string, boolean>()

  /**
   * Gives up the leadership once no request is out and nothing delivered waits for its removal
   * from the outbox: the tab that sends next must not send those again.
   */
  const letGo = (): unknown => ([...taken.values()].includes(true) ? settling.then(letGo) : leadership.stop())

  const idsOf = (records: OutboxRecord[]) => ({ count: records.length, messageIds: records.map((record) => record.messageId) })

  /** Whether this tab sends: it holds the leadership, or its outbox is its own. */
  const sends = () => leadership._leads() || !outbox._shared

  const schedule = (delayMs: number) => {
    if (!closed) timer ??= setTimeout(flush, Math.min(delayMs, maxTimerMs))
  }

  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    // stop() waits for the drain too: a request it has out keeps records taken.
    if (!closed) settleAlso((drained = drained.then(drain).catch((error: unknown) => log.debug('sending stopped by an unexpected error', error))))
    return drained
  }

  /** `count` events were written to the outbox, by this tab or another. */
  const written = (count: number) => {
    if (!sends()) return
    waiting += count
    if (waiting >= config.flushAt) void flush()
    else schedule(config.flushInterval)
  }

  const report = (reason: string, records: OutboxRecord[], what: string, status = 0) => {
    const error = new DeliveryError(status, `relata: ${records.length} events ${what} (${reason}).`)
    log.debug(error.message)
    emitter._emit('error', { error, reason, ...idsOf(records) })
  }

  /** Reports records that left the outbox undelivered, and forgets them. */
  const drop = (reason: string, records: OutboxRecord[], what: string, status?: number) => {
    for (const record of records) unsent.delete(record.key)
    report(reason, records, what, status)
  }

  /**
   * Posts `records` as one batch. Delivered records stay taken until their removal from the
   * outbox is done, once `written`: a keepalive request may deliver records whose outbox
   * write has not ended.
   */
  const send = async (records: OutboxRecord[], keepalive: boolean, written?: Promise<unknown>): Promise<PostResult> => {
    for (const record of records) taken.set(record.key, true)
    // Each body is JSON already; an array in a template literal joins with commas.
    const body = `{"batch":[${records.map((record) => record.body)}],"sentAt":"${new Date().toISOString()}","writeKey":${JSON.stringify(config.writeKey)}}`
    // A Post never rejects; one that did must still leave nothing taken for good.
    const answer = await post(`${config.apiHost}/b`, body, keepalive).catch(() => ({ status: 0 }))
    if (!succeeded(answer.status)) {
      for (const record of records) taken.delete(record.key)
      return answer
    }
    for (const record of records) unsent.delete(record.key)
    log.debug(`delivered ${records.length} events`)
    emitter._emit('delivered', idsOf(records))
    // Not awaited: the next read of the outbox skips what is still taken. Only a tab that
    // drains keeps removed keys, for the window it read before.
    settleAlso(
      Promise.resolve(written)
        .then(() => outbox._remove(records))
        .finally(() => {
          for (const record of records) sends() ? taken.set(record.key, false) : taken.delete(record.key)
        }),
    )
    return answer
  }

  /** Holds the next request back after a failed `answer`, by the backoff or its `Retry-After`; returns the delay. */
  const backOff = (answer: PostResult): number => {
    const delayMs = retryDelay(attempt++, answer._retryAfter, Date.now(), Math.random())
    // A later answer with a shorter delay must not shorten an earlier Retry-After.
    retryAt = Math.max(retryAt, Date.now() + delayMs)
    // A flushInterval timer armed while the request was out must not postpone the retry.
    clearTimeout(timer)
    timer = undefined
    schedule(delayMs)
    return delayMs
  }

  /** Why sending waits, if it does. */
  const pausedNow = () => {
    if (navigator.onLine === false) paused ??= 'offline'
    // A page restored from the back/forward cache may have missed the online event.
    else if (paused === 'offline') paused = undefined
    return paused
  }

  const mayLead = async () => {
    if (closed) return false
    if (outbox._shared) return leadership._confirm()
    // An outbox fallen back to memory holds only this page's events: send them, and leave
    // the shared one to another tab.
    void letGo()
    return true
  }

  /** Sends `records`, splitting them when the API refuses some; false when sending must stop for now. */
  const deliver = async (records: OutboxRecord[]): Promise<boolean> => {
    // Asked before each request, a split batch's second half too: close() or another tab may
    // have taken over meanwhile, or a keepalive answer asked for a pause, whose timer resumes.
    if (Date.now() < retryAt || !(await mayLead())) return false
    // A keepalive request on page hide may have taken, or delivered, some of these meanwhile.
    const batch = records.filter((record) => !taken.has(record.key))
    if (!batch[0]) return true
    const answer = await send(batch, false)
    const { status } = answer
    const reason = status ? `http-${status}` : 'network'
    if (succeeded(status)) return !(attempt = 0)
    if (refusesEvents(status)) {
      if (!batch[1]) {
        await outbox._remove(batch)
        drop(reason, batch, 'were dropped: the API refused them', status)
        return true
      }
      const half = Math.ceil(batch.length / 2)
      log.debug(`${reason}: splitting ${batch.length} events to find the refused ones`)
      return (await deliver(batch.slice(0, half))) && deliver(batch.slice(half))
    }
    if (refusesKey(status)) {
      paused = reason
      report(reason, batch, 'were kept: the API refused the write key; sending is paused until the next page load', status)
      // Let go: a page loaded later, once the key is accepted again, can send them.
      void letGo()
      return false
    }
    report(reason, batch, `not sent; retrying in ${Math.round(backOff(answer))} ms`, status)
    return false
  }

  /**
   * Reads the outbox a window of batches at a time and sends them one after another, in
   * order: one storage read serves many requests, and removing a delivered batch does not
   * hold up the next.
   */
  const drain = async (): Promise<void> => {
    for (;;) {
      if (pausedNow() || closed) return
      if (Date.now() < retryAt) return schedule(retryAt - Date.now())
      if (!(await mayLead())) return announce({ flush: true })
      for (const [key, held] of taken) if (!held) taken.delete(key)
      const shared = outbox._shared
      waiting = 0
      const read = await outbox._read(config.flushAt * batchesPerRead + taken.size)
      // This tab's records older than the oldest stored left the outbox: another tab's write
      // dropped them (and reported it). Unload must not hand them over in place of the rest.
      const oldestKey = shared && read[0]?.key
      for (const key of unsent.keys()) {
        if (!oldestKey || key >= oldestKey) break
        unsent.delete(key)
      }
      const oldest = Date.now() - config.maxEventAge
      const rest = read.filter((record) => !taken.has(record.key))
      if (!rest[0]) return
      // A record without a valid time (a damaged outbox) counts as expired, so the drain ends.
      const expired = rest.filter((record) => !(record.at >= oldest))
      if (expired[0]) {
        await outbox._remove(expired)
        drop('expired', expired, `were dropped: older than maxEventAge (${config.maxEventAge} ms)`)
      }
      const fresh = rest.filter((record) => record.at >= oldest)
      // Sends the fresh events, then reads on: a window that was all expired may have fresh
      // events behind it, and an outbox fallen back to memory meanwhile no longer holds what
      // was read.
      while (fresh[0] && outbox._shared === shared) if (!(await deliver(takeBatch(fresh, config.flushAt, limits.request)))) return
    }
  }

  return {
    start: () =>
      leadership.start(() => {
        log.debug('this tab sends for the site')
        void flush()
      }),
    _accepted(records, dropped) {
      // Calls made after close() are still stored, and may push older events out.
      if (dropped[0]) drop('outbox-full', dropped, 'were dropped, oldest first: the outbox is full; raise maxQueuedEvents or maxQueuedBytes to keep more')
      if (closed) return
      // A keepalive request on page hide may have delivered some already: they are not waiting.
      records = records.filter((record) => !taken.has(record.key))
      // Only the sending tab hands records over on unload; the others leave them to it.
      if (sends()) for (const record of records) unsent.set(record.key, record)
      announce({ written: records.length })
      written(records.length)
    },
    _heard(message) {
      if (leadership._leads()) 'flush' in message ? void flush() : written(message.written)
    },
    flush,
    _online() {
      // The drain lifts the pause itself once navigator.onLine says so.
      if (paused !== 'offline') return
      log.debug('back online: sending again')
      void flush()
    },
    async _unload(unconfirmed, written) {
      if (closed || pausedNow()) return
      // During a backoff only what storage does not hold goes: the records not yet written, or,
      // with the outbox in memory, all of them. The page's end would lose them otherwise.
      const onlyUnstored = Date.now() < retryAt && outbox._shared
      // Records not yet confirmed in storage first: they are the ones only this page has.
      // With the outbox in memory, a drain request still out dies with the page, and its
      // events with it: they go again (same messageId), unless a keepalive request holds them.
      const held = outbox._shared ? taken : inKeepalive
      const records = [...unconfirmed, ...(sends() && !onlyUnstored ? unsent.values() : [])].filter((record) => !held.has(record.key))
      // Browsers allow about 64 KB of keepalive bodies in flight per page, and fail a request
      // past it: what fits beside the requests still out goes, the rest stays in the outbox
      // for the next page.
      const count = records.length
      const chunk = takeBatch(records, Infinity, keepaliveRoom)
      const bytes = batchBytes(chunk)
      // takeBatch takes a first record even past the room.
      if (!chunk[0] || bytes > keepaliveRoom) return
      log.debug(`page hidden: handing ${chunk.length} of ${count} events to a keepalive request`)
      keepaliveRoom -= bytes
      for (const record of chunk) inKeepalive.add(record.key)
      const request = send(chunk, true, written)
      settleAlso(request)
      // A tab switch also hides the page: what did not arrive is sent again by the drain, as
      // late as the answer asks.
      const answer = await request
      keepaliveRoom += bytes
      for (const record of chunk) inKeepalive.delete(record.key)
      if (!succeeded(answer.status)) backOff(answer)
    },
    stop() {
      closed = true
      clearTimeout(timer)
      // A closed drain starts no new request.
      void letGo()
    },
  }
}
