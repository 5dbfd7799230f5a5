import type { System } from '@flow/launcher';
import { createMemoryBus } from '@flow/platform';
import type { ActivityFailed } from '@flow/protocol';
import { temporaryProcessor, uniqueProcessorName } from '@flow/processor-sdk/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProcessorHarness, startRegistrySystem, type ProcessorHarness } from './processorHarness.js';

/**
 * A processor never sends an answer past its bounds (docs/protocol.md, Sizes): an output past
 * STEP_OUTPUT_MAX_BYTES, or an event the bus refuses as past MESSAGE_MAX_BYTES, is answered
 * with a short PAYLOAD_TOO_LARGE failure, and the command is done with (not retried, not
 * dead-lettered).
 */
let system: System;
let harness: ProcessorHarness | undefined;
beforeAll(async () => {
  system = await startRegistrySystem();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});
afterAll(async () => system?.close());

/** Answers `{ blob }` of `input.bytes` characters. */
const blowingUp = () => temporaryProcessor<{ bytes: number }, { blob: string }>({
  name: uniqueProcessorName('Blowup'),
  version: '1.0.0',
  inputSchema: { type: 'object', properties: { bytes: { type: 'integer' } }, required: ['bytes'] },
  outputSchema: { type: 'object', properties: { blob: { type: 'string' } }, required: ['blob'] },
  async handle({ input }) {
    return { blob: 'x'.repeat(input.bytes) };
  },
});

describe('the answers of a processor past its bounds', () => {
  it('should fail the step with PAYLOAD_TOO_LARGE instead of sending an output past STEP_OUTPUT_MAX_BYTES', async () => {
    harness = await startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition: await blowingUp(), payloads: { stepOutputMaxBytes: 1_000 } });
    expect(await harness.execute({ input: { bytes: 900 } })).toMatchObject({ type: 'ActivityExecuted' });
    const event = (await harness.execute({ input: { bytes: 5_000 } })) as ActivityFailed;
    expect(event).toMatchObject({ type: 'ActivityFailed', attempt: 1, error: { type: 'PayloadTooLarge', retryable: false, validation: false } });
    expect(event.error.message).toBe('PAYLOAD_TOO_LARGE: the step\'s output is 5011 bytes, more than 1000 (STEP_OUTPUT_MAX_BYTES)');
    expect(harness.events).toHaveLength(2);
    expect(harness.deadLetters).toEqual([]);
  });

  it('should fail the step with PAYLOAD_TOO_LARGE when the bus refuses its answer as past MESSAGE_MAX_BYTES', async () => {
    // A bus bounded below the processor's output bound: the answer passes one and not the other.
    const bus = createMemoryBus({ maxMessageBytes: 64 * 1024 });
    try {
      harness = await startProcessorHarness({ gatewayUrl: system.gatewayUrl, definition: await blowingUp(), bus, payloads: { stepOutputMaxBytes: 1024 * 1024 } });
      const event = (await harness.execute({ input: { bytes: 100 * 1024 } })) as ActivityFailed;
      expect(event).toMatchObject({ type: 'ActivityFailed', error: { type: 'PayloadTooLarge', retryable: false } });
      expect(event.error.message).toMatch(/^PAYLOAD_TOO_LARGE: the step's answer could not be sent: The message is \d+ bytes, more than a bus message may be \(65536, MESSAGE_MAX_BYTES\)$/);
      expect(harness.events.map((delivery) => delivery.body.type)).toEqual(['ActivityFailed']);
      expect(harness.deadLetters).toEqual([]);
    } finally {
      await harness?.close();
      harness = undefined;
      await bus.close();
    }
  });
});
