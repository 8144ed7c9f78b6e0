import type { Outbox, OutboxRecord } from './outbox'

/**
 * Groups the records accepted in one task into a single outbox write, so a burst of
 * calls costs one storage transaction, not one each.
 */
export class Intake {
  private pending: OutboxRecord[] = []
  /** Groups handed to the outbox whose write has not completed. */
  private writing = new Set<OutboxRecord[]>()
  private written: Promise<void> | null = null

  constructor(
    private readonly outbox: Outbox,
    private readonly onWritten: (records: OutboxRecord[], dropped: OutboxRecord[]) => void,
  ) {}

  /** Resolves once `record` is in the outbox. */
  add(record: OutboxRecord): Promise<void> {
    this.pending.push(record)
    return (this.written ??= Promise.resolve().then(() => this.write()))
  }

  /** Resolves once everything added so far is in the outbox. */
  settled(): Promise<void> {
    return this.written ?? Promise.resolve()
  }

  /** Records accepted but not yet confirmed written: only this page knows of them. */
  unconfirmed(): OutboxRecord[] {
    return [...this.writing, this.pending].flat()
  }

  private async write(): Promise<void> {
    const records = this.pending
    this.pending = []
    this.written = null
    this.writing.add(records)
    const dropped = await this.outbox.add(records)
    this.writing.delete(records)
    this.onWritten(records, dropped)
  }
}
