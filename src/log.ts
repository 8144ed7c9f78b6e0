/** Debug output, off unless `debug(true)`. */
export class Logger {
  constructor(public enabled = false) {}

  debug(message: string, ...details: unknown[]): void {
    if (this.enabled) console.debug(`[relata] ${message}`, ...details)
  }
}
