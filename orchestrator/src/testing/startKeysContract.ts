import { v7 as uuidv7 } from 'uuid';
import { beforeEach, describe, expect, it } from 'vitest';
import type { StartKeyClaim, StartKeys } from '../store/startKeys.js';

const HOUR = 3_600_000;
const claimOf = (key: string, at: number, inputDigest = 'digest'): StartKeyClaim => ({ key, executionId: uuidv7(), inputDigest, at });

/** The behaviour both StartKeys adapters must have; `fresh` answers an empty store. */
export function describeStartKeysContract(adapter: string, fresh: () => Promise<StartKeys>): void {
  describe(`StartKeys contract (${adapter})`, () => {
    let keys: StartKeys;
    beforeEach(async () => {
      keys = await fresh();
    });

    it('should let the first start take a key and answer its claim to every later start within the window', async () => {
      const first = claimOf(`flow:${uuidv7()}`, 1_000_000);
      expect(await keys.claim(first, HOUR)).toBeNull();
      expect(await keys.claim({ ...claimOf(first.key, 1_000_000 + HOUR - 1, 'other') }, HOUR)).toEqual(first);
      expect(await keys.claim(claimOf(first.key, 1_000_000 + 1), HOUR)).toEqual(first);
    });

    it('should keep keys of different names apart', async () => {
      expect(await keys.claim(claimOf(`a:${uuidv7()}`, 0), HOUR)).toBeNull();
      expect(await keys.claim(claimOf(`b:${uuidv7()}`, 0), HOUR)).toBeNull();
    });

    it('should let a start take a key again once its claim is older than the window', async () => {
      const first = claimOf(`flow:${uuidv7()}`, 1_000_000);
      await keys.claim(first, HOUR);
      const later = claimOf(first.key, 1_000_000 + HOUR);
      expect(await keys.claim(later, HOUR)).toBeNull();
      expect(await keys.claim(claimOf(first.key, 1_000_000 + HOUR + 1), HOUR)).toEqual(later);
    });

    it('should give a released key to the next start, and not release a key another start holds', async () => {
      const first = claimOf(`flow:${uuidv7()}`, 0);
      await keys.claim(first, HOUR);
      await keys.release(first);
      const second = claimOf(first.key, 1);
      expect(await keys.claim(second, HOUR)).toBeNull();
      await keys.release(first);
      expect(await keys.claim(claimOf(first.key, 2), HOUR)).toEqual(second);
    });

    it('should let exactly one of concurrent starts take a key, the others answered its claim', async () => {
      const key = `flow:${uuidv7()}`;
      const claims = Array.from({ length: 8 }, () => claimOf(key, 0));
      const answers = await Promise.all(claims.map((claim) => keys.claim(claim, HOUR)));
      const winners = claims.filter((_, i) => answers[i] === null);
      expect(winners).toHaveLength(1);
      expect(answers.filter((answer) => answer !== null).map((answer) => answer?.executionId)).toEqual(Array(7).fill(winners[0]?.executionId));
    });

    it('should let exactly one of concurrent starts replace an expired claim', async () => {
      const key = `flow:${uuidv7()}`;
      await keys.claim(claimOf(key, 0), HOUR);
      const claims = Array.from({ length: 6 }, () => claimOf(key, 2 * HOUR));
      const answers = await Promise.all(claims.map((claim) => keys.claim(claim, HOUR)));
      const winners = claims.filter((_, i) => answers[i] === null);
      expect(winners).toHaveLength(1);
      expect(new Set(answers.filter((answer) => answer !== null).map((answer) => answer?.executionId))).toEqual(new Set([winners[0]?.executionId]));
    });
  });
}
