import { describe, expect, it } from 'vitest';
import { heartbeatKey, PROCESSOR_HEALTH_MAP } from './heartbeat.js';
import { EVENTS_QUEUE, processorQueue, SENDER_HEADER, STATUS_EXCHANGE } from './messages.js';
import { protocolDoc } from './testing/protocolDoc.js';

describe('the wire names', () => {
  const doc = protocolDoc();

  it.each([
    ['the events queue', EVENTS_QUEUE],
    ['the status exchange', STATUS_EXCHANGE],
    ['a processor queue', processorQueue('<processorId>')],
    ['the heartbeat map', PROCESSOR_HEALTH_MAP],
    ['the header of a sender\'s credentials', SENDER_HEADER],
  ])('should name %s as docs/protocol.md does', (_what, name) => {
    expect(name).toMatch(/^[\w.<>-]+$/);
    expect(doc).toContain(`\`${name}\``);
  });

  it('should key a heartbeat by processor and instance', () => {
    const keys = [heartbeatKey('p', 'i1'), heartbeatKey('p', 'i2'), heartbeatKey('q', 'i1')];
    expect(new Set(keys).size).toBe(3);
    expect(heartbeatKey('p', 'i1')).toMatch(/^p\W+i1$/);
  });
});
