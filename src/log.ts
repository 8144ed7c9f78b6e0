/** Debug output, off unless `debug(true)`. */
export class Logger {
  constructor(public _enabled?: boolean) {}

  debug(message: string, ...details: unknown[]): void {
    if (this._enabled) console.debug(`[relata] ${message}`, ...details)
  }
}
