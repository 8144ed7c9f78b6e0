// An append-only log of what the collector answered, one JSON line per request. Replaying
// it through the same rules rebuilds the state, so a restart loses nothing.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** @typedef {import('./store.mjs').Outcome} Outcome */

/** @param {string} dataDir created when missing */
export function openStateLog(dataDir) {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'collector-log.ndjson')
  // After a crash mid-line, start the next record on a line of its own.
  if (existsSync(file) && !readFileSync(file, 'utf8').endsWith('\n')) appendFileSync(file, '\n')
  return {
    file,
    /** @returns {Outcome[]} */
    read() {
      let text = ''
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        return []
      }
      // A crash can leave half a line at the end; it is skipped, the rest still counts.
      return text.split('\n').flatMap((line) => {
        if (!line.trim()) return []
        try {
          return [/** @type {Outcome} */ (JSON.parse(line))]
        } catch {
          return []
        }
      })
    },
    /** Written synchronously so the order on disk is the order of arrival. @param {Outcome} outcome */
    append(outcome) {
      appendFileSync(file, `${JSON.stringify(outcome)}\n`)
    },
    clear() {
      rmSync(file, { force: true })
    },
  }
}
