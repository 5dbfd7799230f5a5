import {
  AppError, isOutage, CORRELATION_HEADER, ErrorCode, recordFailure, runWithContext, withSpan, type Attributes, type Bus, type Delivery, type Headers, type Logger, type PayloadLimits,
} from '@flow/platform';
import { ActivityErrorType, EVENTS_QUEUE, MessageParseError, SENDER_HEADER, type ActivityExecuted, type ActivityFailed, type ActivityHeartbeat, type ExecuteActivity } from '@flow/protocol';
import { ReleasedError, type ActivityResult, type ActivityRunner } from './activityRunner.js';
import type { ProcessorDeclaration } from './defineProcessor.js';
import type { CommandOutcome, ProcessorMetrics } from './processorMetrics.js';
import { boundedEvent, payloadTooLarge, refusedAsTooLarge } from './payloadBounds.js';
import { poisonFailure, readCommand } from './readCommand.js';

export interface CommandHandlerDeps {
  processorId: string;
  /** Names the processor on the span of each command. */
  processor: Pick<ProcessorDeclaration, 'name' | 'version'>;
  /** Names the processor in the request context of its commands. */
  label: string;
  queue: string;
  runner: ActivityRunner;
  bus: Bus;
  logger: Logger;
  metrics: ProcessorMetrics;
  /** The consumer's delivery bound: on the last one a crash is reported before dead-lettering. */
  maxDeliveries: number;
  /** A larger output, or an event the bus refuses as too large, fails the step with PAYLOAD_TOO_LARGE. */
  payloads: Pick<PayloadLimits, 'stepOutputMaxBytes'>;
  /** The processor's credential, sent with every event (SENDER_HEADER) so the orchestrator knows who answers. */
  sender?: () => Promise<string | undefined>;
}

function eventOf(command: ExecuteActivity, processorId: string, result: ActivityResult): ActivityExecuted | ActivityFailed {
  const { commandId, executionId, stepId, attempt } = command;
  const base = { schemaVersion: 1 as const, commandId, executionId, stepId, processorId, attempt, durationMs: result.durationMs, executedAt: new Date().toISOString() };
  return 'output' in result ? { type: 'ActivityExecuted', ...base, output: result.output } : { type: 'ActivityFailed', ...base, error: result.error };
}

function heartbeatOf(command: ExecuteActivity, processorId: string): ActivityHeartbeat {
  const { commandId, executionId, stepId, attempt } = command;
  return { type: 'ActivityHeartbeat', schemaVersion: 1, commandId, executionId, stepId, processorId, attempt, sentAt: new Date().toISOString() };
}

function outcomeOf(result: ActivityResult): CommandOutcome {
  if ('output' in result) return 'succeeded';
  if (result.error.validation) return 'validation_failed';
  return result.error.type === ActivityErrorType.DEADLINE_PASSED ? 'deadline_passed' : 'failed';
}

/** What the span of one command says about it: ids only, never input or output. */
function spanAttributes(command: ExecuteActivity, deps: CommandHandlerDeps): Attributes {
  return {
    'flow.processor.name': deps.processor.name,
    'flow.processor.version': deps.processor.version,
    'flow.processor.id': deps.processorId,
    'flow.execution.id': command.executionId,
    'flow.orchestrated_flow.id': command.orchestratedFlowId,
    'flow.step.id': command.stepId,
    'flow.command.id': command.commandId,
    'flow.attempt': command.attempt,
  };
}

/** Events carry the command's correlation id and trace context (tracedBus puts the active span's there when tracing is on). */
function eventHeaders(command: ExecuteActivity, delivery: Delivery): Headers {
  const traceparent = delivery.headers.traceparent;
  return { [CORRELATION_HEADER]: command.correlationId, ...(traceparent ? { traceparent } : {}) };
}

/**
 * The bus handler of a processor queue (docs/protocol.md, guarantees 4 and 5): the event of a
 * command is published, confirmed, before its delivery is acked (the handler returns); a poison
 * command is dead-lettered at once and its step failed; a command whose handling keeps
 * crashing is reported failed on its last allowed delivery, then dead-lettered.
 */
export function createCommandHandler(deps: CommandHandlerDeps): (delivery: Delivery) => Promise<void> {
  const { processorId, bus, metrics, runner } = deps;

  async function publish(event: ActivityExecuted | ActivityFailed | ActivityHeartbeat, headers: Headers): Promise<void> {
    const credential = await deps.sender?.();
    await bus.publish(EVENTS_QUEUE, event, { headers: credential ? { ...headers, [SENDER_HEADER]: credential } : headers });
    metrics.published(event.type);
  }

  /**
   * Publishes the answer to a command, bounded: an output past STEP_OUTPUT_MAX_BYTES, or an
   * event the bus refuses as past MESSAGE_MAX_BYTES, is answered with a short PAYLOAD_TOO_LARGE
   * failure instead. Answers whether the answer had to be replaced so.
   */
  async function publishAnswer(answer: ActivityExecuted | ActivityFailed, headers: Headers): Promise<boolean> {
    const event = boundedEvent(answer, deps.payloads);
    try {
      await publish(event, headers);
      return event !== answer;
    } catch (error) {
      if (!refusedAsTooLarge(error)) throw error;
      await publish(payloadTooLarge(event, `the step's answer could not be sent: ${error.message}`), headers);
      return true;
    }
  }

  async function rejectPoison(delivery: Delivery, error: MessageParseError): Promise<never> {
    metrics.consumed('poison');
    deps.logger.warn({ reason: error.message, ...error.about }, 'poison command: dead-lettering it');
    const failure = poisonFailure(delivery.body, processorId, error.message);
    if (failure) await publish(failure, { [CORRELATION_HEADER]: delivery.headers[CORRELATION_HEADER] ?? failure.executionId });
    throw new AppError(ErrorCode.BAD_USER_INPUT, error.message, { retryable: false, cause: error });
  }

  /** Puts a command shutdown interrupted back on the queue, as a fresh message (not a failed delivery). */
  async function requeue(delivery: Delivery): Promise<void> {
    metrics.consumed('released');
    await bus.publish(deps.queue, delivery.body, { headers: delivery.headers });
  }

  async function reportCrash(command: ExecuteActivity, delivery: Delivery, crash: unknown, logger: Logger): Promise<void> {
    const reason = `handling crashed on all ${delivery.deliveryCount} deliveries, the last with: ${(crash as Error)?.message ?? String(crash)}`;
    logger.error({ err: crash, deliveries: delivery.deliveryCount }, 'command keeps crashing: failing its step and dead-lettering it');
    const failure = eventOf(command, processorId, { error: { message: reason, type: ActivityErrorType.DELIVERY_EXHAUSTED, retryable: false, validation: false }, durationMs: 0 });
    await publish(failure, eventHeaders(command, delivery)).catch((error: unknown) => logger.error({ err: error }, 'could not report the crash either'));
  }

  async function process(command: ExecuteActivity, delivery: Delivery): Promise<void> {
    const { commandId, executionId, stepId, attempt } = command;
    const logger = deps.logger.child({ commandId, executionId, stepId, attempt });
    try {
      const result = await withSpan('processor.handle', spanAttributes(command, deps), async (span) => {
        const heartbeat = (): Promise<void> => publish(heartbeatOf(command, processorId), eventHeaders(command, delivery));
        const answer = await runner.run(command, logger, heartbeat);
        const outcome = outcomeOf(answer);
        span.setAttribute('flow.outcome', outcome);
        logger.debug({ outcome, durationMs: answer.durationMs }, 'command handled');
        if ('error' in answer) recordFailure(span, new Error(answer.error.message));
        const replaced = await publishAnswer(eventOf(command, processorId, answer), eventHeaders(command, delivery));
        if (replaced) span.setAttribute('flow.outcome', 'payload_too_large');
        return { answer, replaced };
      });
      metrics.consumed(result.replaced ? 'payload_too_large' : outcomeOf(result.answer));
      metrics.activity(result.answer.durationMs);
    } catch (error) {
      if (error instanceof ReleasedError) return requeue(delivery);
      metrics.consumed('crashed');
      // An outage is not the command's fault: the bus holds it back without counting (busRules).
      if (delivery.deliveryCount >= deps.maxDeliveries && !isOutage(error)) await reportCrash(command, delivery, error, logger);
      throw error;
    }
  }

  return async (delivery) => {
    let command: ExecuteActivity;
    try {
      command = readCommand(delivery.body, processorId);
    } catch (error) {
      if (error instanceof MessageParseError) return rejectPoison(delivery, error);
      throw error;
    }
    await runWithContext({ correlationId: command.correlationId, user: deps.label }, () => process(command, delivery));
  };
}
