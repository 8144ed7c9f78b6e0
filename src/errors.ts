/** Base class of every error relata reports. */
export class RelataError extends Error {
  override name = 'RelataError'
}

/**
 * A call was made with arguments relata cannot send. `field` names the argument or
 * property at fault; the message says how to fix it.
 */
export class ValidationError extends RelataError {
  override name = 'ValidationError'
  // `declare`: the constructor sets it, so no class field needs to be emitted
  declare readonly field: string

  constructor(field: string, problem: string, fix: string) {
    super(`relata: ${field} ${problem}. ${fix}`)
    this.field = field
  }
}

/** Delivery to the API failed; `status` is the HTTP status, or 0 for a network error. */
export class DeliveryError extends RelataError {
  override name = 'DeliveryError'
  declare readonly status: number // set by the constructor, as `field` above

  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}
