import type { PublishFailureReason } from '../metrics/delivery-metrics.js';

/**
 * A failed publish step with its metric reason. `permanent` means retrying the same item cannot
 * help (its files are damaged or it breaks the contract): it is set aside instead of blocking
 * every later violation.
 */
export class PublishError extends Error {
  override readonly name = 'PublishError';

  constructor(
    readonly reason: PublishFailureReason,
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}
