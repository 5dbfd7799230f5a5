import { ActivityErrorType, MessageParseError, parseExecuteActivity, type ActivityFailed, type ExecuteActivity } from '@flow/protocol';

/**
 * The broker edge of a processor: a body becomes an ExecuteActivity for this processor, or
 * a MessageParseError (a poison message, never retried).
 */
export function readCommand(body: unknown, processorId: string): ExecuteActivity {
  const command = parseExecuteActivity(body);
  const about = { executionId: command.executionId, stepId: command.stepId };
  if (command.processorId !== processorId) {
    throw new MessageParseError(`ExecuteActivity: addressed to processor ${command.processorId}, not to ${processorId}`, about);
  }
  if (Number.isNaN(Date.parse(command.deadline))) throw new MessageParseError(`ExecuteActivity: deadline ${JSON.stringify(command.deadline)} is not a date`, about);
  command.entities.forEach((assigned: unknown, index) => {
    const { type, entity, schemaDefinition } = (assigned ?? {}) as Record<string, unknown>;
    const ok = (type === 'ADDRESS' || type === 'DELIVERY')
      && typeof entity === 'object' && entity !== null && !Array.isArray(entity)
      && typeof schemaDefinition === 'string';
    if (!ok) throw new MessageParseError(`ExecuteActivity: entities[${index}] must be {type: ADDRESS|DELIVERY, entity, schemaDefinition}`, about);
  });
  return command;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * The ActivityFailed that makes the step of a poison command FAIL with the reason, when the
 * body still names its command, execution and step (else no step can be told).
 */
export function poisonFailure(body: unknown, processorId: string, reason: string): ActivityFailed | undefined {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const [commandId, executionId, stepId] = [text(record.commandId), text(record.executionId), text(record.stepId)];
  if (!commandId || !executionId || !stepId) return undefined;
  return {
    type: 'ActivityFailed', schemaVersion: 1, commandId, executionId, stepId, processorId,
    attempt: typeof record.attempt === 'number' ? record.attempt : 0,
    durationMs: 0,
    executedAt: new Date().toISOString(),
    error: { message: `Poison command dead-lettered: ${reason}`, type: ActivityErrorType.POISON_MESSAGE, retryable: false, validation: false },
  };
}
