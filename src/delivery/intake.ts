import type { Outbox, OutboxRecord } from './outbox'

/**
 * Groups the records accepted in one task into a single outbox write, so a burst of
 * calls costs one storage transaction, not one each.
 */
export class Intake {
  private pending: OutboxRecord[] = []
  /** The write that will take `pending`, once the current task ends. */
  private next: Promise<void> | null = null
  /** Writes started and not finished, with the records each holds. */
  private readonly writing = new Map<Promise<void>, OutboxRecord[]>()

  constructor(
    private readonly outbox: Outbox,
    private readonly onWritten: (records: OutboxRecord[], dropped: OutboxRecord[]) => void,
  ) {}

  /** Resolves once `record` is in the outbox. */
  add(record: OutboxRecord): Promise<void> {
    this.pending.push(record)
    return (this.next ??= Promise.resolve().then(() => this.write()))
  }

  /** Resolves once everything added so far is in the outbox. */
  async settled(): Promise<void> {
    await Promise.all([this.next, ...this.writing.keys()])
  }

  /** Records accepted but not yet confirmed written: only this page knows of them. */
  unconfirmed(): OutboxRecord[] {
    return [...this.writing.values(), this.pending].flat()
  }

  private async write(): Promise<void> {
    const records = this.pending
    this.pending = []
    this.next = null
    const added = this.outbox.add(records)
    const done = added.then(() => {})
    this.writing.set(done, records)
    const dropped = await added
    this.writing.delete(done)
    this.onWritten(records, dropped)
  }
}
