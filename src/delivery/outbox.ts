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
}

/** Where accepted events wait until the API has them. */
export interface Outbox {
  add(records: OutboxRecord[]): Promise<void>
  /** The oldest records first, at most `limit`. */
  read(limit: number): Promise<OutboxRecord[]>
  remove(keys: string[]): Promise<void>
}

export function memoryOutbox(): Outbox {
  let records: OutboxRecord[] = []
  return {
    add: async (added) => {
      records.push(...added)
    },
    read: async (limit) => records.slice(0, limit),
    remove: async (keys) => {
      const gone = new Set(keys)
      records = records.filter((record) => !gone.has(record.key))
    },
  }
}
