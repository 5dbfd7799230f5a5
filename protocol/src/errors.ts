/**
 * The error vocabulary of the wire (docs/protocol.md, "Errors"): the `type` names of
 * ActivityFailed's `error` that the platform itself produces, and the `x-death-reason` values
 * of dead letters. The reasons are produced by the bus (`@flow/platform`), which cannot depend
 * on this module, so they are defined there and listed here.
 */
export { DEATH_REASON_HEADER, DeadLetterReason } from '@flow/platform/busRules';

/**
 * `ActivityFailed.error.type` names with a meaning the orchestrator or the SDK relies on. A
 * processor may report its own names too (`permanent(message, { type })`), and an unexpected
 * throw reports its `name` (`TypeError`...): consumers must accept any string.
 */
export const ActivityErrorType = {
  /** The handler reported a failure on purpose (`permanent`, `retryable`, any AppError) without a type of its own. */
  PROCESSOR_ERROR: 'ProcessorError',
  /** Input, an entity payload or the output broke its JSON Schema; never retryable, `validation: true`. */
  VALIDATION_ERROR: 'ValidationError',
  /** The command's deadline passed before or while it was handled; the step becomes TIMED_OUT. */
  DEADLINE_PASSED: 'DeadlinePassed',
  /** The command did not parse and was dead-lettered; its step is FAILED with the reason (an event that does not parse fails nothing). */
  POISON_MESSAGE: 'PoisonMessage',
  /** The output, or the event carrying it, is larger than its bound (STEP_OUTPUT_MAX_BYTES, MESSAGE_MAX_BYTES); never retryable. */
  PAYLOAD_TOO_LARGE: 'PayloadTooLarge',
  /** Handling the command (not the handler: publishing its answer) failed on every allowed delivery. */
  DELIVERY_EXHAUSTED: 'DeliveryExhausted',
} as const;
export type ActivityErrorType = (typeof ActivityErrorType)[keyof typeof ActivityErrorType];
