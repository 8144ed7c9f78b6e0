import { describe, expect, it } from 'vitest'
import { intakeFor } from '../../src/delivery/intake'
import { memoryOutbox, type Outbox, type OutboxRecord } from '../../src/delivery/outbox'

const record = (key: string): OutboxRecord => ({ key, messageId: key, body: `{"k":"${key}"}`, bytes: 9, at: Date.now() })

describe('intake', () => {
  it('writes the records accepted in one task in one outbox write', async () => {
    const outbox = memoryOutbox()
    const writes: number[] = []
    const intake = intakeFor({ ...outbox, _add: (records) => (writes.push(records.length), outbox._add(records)) }, () => {})
    await Promise.all(['a', 'b', 'c'].map((key) => intake.add(record(key))))
    expect(writes).toEqual([3])
    expect((await outbox._read(10)).map((stored) => stored.key)).toEqual(['a', 'b', 'c'])
  })

  it('rejects the callers of a failed write, and still writes what comes after it', async () => {
    const outbox = memoryOutbox()
    let failNext = true
    const flaky: Outbox = {
      ...outbox,
      _add: (records) => {
        if (!failNext) return outbox._add(records)
        failNext = false
        return Promise.reject(new Error('storage broke'))
      },
    }
    const written: string[] = []
    const intake = intakeFor(flaky, (records) => written.push(...records.map((stored) => stored.key)))
    await expect(intake.add(record('lost'))).rejects.toThrow('storage broke')
    // Its caller was told it failed: a page hidden now must not send it anyway.
    expect(intake._unconfirmed()).toEqual([])
    await intake.add(record('kept'))
    await intake._settled()
    expect(written).toEqual(['kept'])
    expect((await outbox._read(10)).map((stored) => stored.key)).toEqual(['kept'])
    expect(intake._unconfirmed()).toEqual([])
  })
})
