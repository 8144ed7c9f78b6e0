// Failures a test or a demo visitor can ask for, to watch a sender retry, back off, split
// batches and survive dropped connections.

/**
 * @typedef {{ status?: number, retryAfter?: string, rejectMessageIds?: string[], drop?: boolean, delayMs?: number }} Fault
 * @typedef {{ status?: number, retryAfter?: string, drop?: boolean, delayMs?: number }} RequestFault
 *   what happens to one request; `rejectMessageIds` is kept apart because it lasts until cleared
 */

export function createFaults() {
  /** @type {Array<{ fault: RequestFault, remaining: number }>} */
  const queue = []
  /** @type {Set<string>} */
  let refusedIds = new Set()

  return {
    /**
     * The next `count` ingestion requests get `fault`; faults injected one after another
     * apply one after another. `rejectMessageIds` replaces the refused ids at once and
     * stays until replaced (`[]` clears it).
     * @param {Fault} fault @param {number} [count]
     */
    inject(fault, count = 1) {
      const { rejectMessageIds, ...perRequest } = fault
      if (rejectMessageIds !== undefined) refusedIds = new Set(rejectMessageIds)
      if (Object.keys(perRequest).length > 0 && count > 0) queue.push({ fault: perRequest, remaining: Math.floor(count) })
    },
    /** Takes the fault for the request that just arrived, if any. @returns {RequestFault | undefined} */
    take() {
      const next = queue[0]
      if (!next) return undefined
      if (--next.remaining <= 0) queue.shift()
      return next.fault
    },
    /** @param {string} messageId */
    refuses(messageId) {
      return refusedIds.has(messageId)
    },
    describe() {
      return { pending: queue.map(({ fault, remaining }) => ({ fault, remaining })), rejectMessageIds: [...refusedIds] }
    },
    clear() {
      queue.length = 0
      refusedIds = new Set()
    },
  }
}
