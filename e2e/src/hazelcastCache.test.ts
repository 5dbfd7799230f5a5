import { createHazelcastCache, createLogger } from '@flow/platform';
import { describeCacheContract } from '@flow/platform/testing';
import { describe } from 'vitest';
import { hazelcastTarget, hazelcastUnavailable } from './harness.js';

const logger = createLogger('test', 'silent');
const where = `${hazelcastTarget.clusterName} at ${hazelcastTarget.addresses.join(', ')}`;

describe.skipIf(hazelcastUnavailable !== undefined)(`on the Hazelcast member ${where}${hazelcastUnavailable ? ` (skipped: ${hazelcastUnavailable})` : ''}`, () => {
  // A new client per call: the contract's two-instance tests need two lock owners.
  describeCacheContract('hazelcast-client', () => createHazelcastCache({ ...hazelcastTarget, logger, connectTimeoutMs: 5_000 }));
});
