/** One accepted event, serialized once, waiting for delivery. */
export interface OutboxRecord {
  /** Sorts in acceptance order. */
  key: string
  messageId: string
  /** The event's JSON. */
  body: string
  /** UTF-8 size of `body`. */
  bytes: number
  /** When it was accepted, epoch milliseconds. */
  at: number
  /** The IndexedDB key of the chunk that stores it, once stored there. */
  chunk?: string
}

/** How much the outbox holds before it drops its oldest events. */
export interface OutboxLimits {
  _maxEvents: number
  _maxBytes: number
}

export const defaultOutboxLimits: OutboxLimits = { _maxEvents: 10_000, _maxBytes: 10 * 1024 * 1024 }

/**
 * Where accepted events wait until the API has them. Implementations never reject: a
 * failing store falls back to memory rather than lose events or throw into the page. Their
 * methods are called without `this` (the resilient outbox passes them around), so they are
 * closures, not class methods.
 */
export interface Outbox {
  /** Stores `records`; returns the oldest records dropped to stay within the limits. */
  _add(records: OutboxRecord[]): Promise<OutboxRecord[]>
  /** The oldest records first, at most `limit`. */
  _read(limit: number): Promise<OutboxRecord[]>
  _remove(records: OutboxRecord[]): Promise<void>
  /** Takes or renews the send lease for `owner` if it is free, expired or already theirs. */
  _claimLease(owner: string, now: number, ttlMs: number): Promise<boolean>
  /** False when this outbox lives only in this page's memory. */
  readonly _shared: boolean
}

/** Whether `count` events of `bytes` are past `limits`. One event always stays, however big. */
export const overLimits = (count: number, bytes: number, limits: OutboxLimits) => count > 1 && (count > limits._maxEvents || bytes > limits._maxBytes)

export function memoryOutbox(limits: OutboxLimits = defaultOutboxLimits): Outbox {
  let records: OutboxRecord[] = []
  return {
    _shared: false,
    async _add(added) {
      records.push(...added)
      let bytes = 0
      for (const record of records) bytes += record.bytes
      let drop = 0
      while (overLimits(records.length - drop, bytes, limits)) bytes -= (records[drop++] as OutboxRecord).bytes
      return records.splice(0, drop)
    },
    _read: async (limit) => records.slice(0, limit),
    async _remove(removed) {
      const gone = new Set(removed.map((record) => record.key))
      records = records.filter((record) => !gone.has(record.key))
    },
    _claimLease: async () => true,
  }
}
