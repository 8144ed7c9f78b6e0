import type { Outbox, OutboxRecord } from './outbox'

export interface Intake {
  /** Resolves once `record` is in the outbox. */
  add(record: OutboxRecord): Promise<void>
  /** Resolves once everything added so far is in the outbox. */
  _settled(): Promise<void>
  /** Records accepted but not yet confirmed written, oldest first: only this page knows of them. */
  _unconfirmed(): OutboxRecord[]
}

/**
 * Groups the records accepted in one task into a single outbox write, so a burst of calls
 * costs one storage transaction, not one each. Writes go one after another; one that waits
 * takes everything accepted meanwhile.
 */
export function intakeFor(outbox: Outbox, onWritten: (records: OutboxRecord[], dropped: OutboxRecord[]) => void): Intake {
  let pending: OutboxRecord[] = []
  let writing: OutboxRecord[] = []
  /** The write that takes `pending`, started by the record that made it not empty. */
  let next: Promise<void> | undefined
  /** The last write started: it ends after every earlier one. */
  let last = Promise.resolve()
  const write = async () => {
    const records = (writing = pending)
    pending = []
    onWritten(records, await outbox._add(records).finally(() => (writing = [])))
  }
  const api: Intake = {
    add(record) {
      // The first record since a write took the others starts the next write.
      if (pending.push(record) === 1) {
        next = last.then(write)
        // A failed write rejects its own callers' promises, and does not stop the next one.
        last = next.catch(() => {})
      }
      return next!
    },
    _settled: () => last,
    _unconfirmed: () => writing.concat(pending),
  }
  return api
}
