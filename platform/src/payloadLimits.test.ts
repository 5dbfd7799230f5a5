import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const MiB = 1024 * 1024;

describe('the payload limits', () => {
  it('should default to 4 MiB messages, 1 MiB outputs and 12 MiB per run, below the 16 MiB document limit', () => {
    expect(loadConfig('orchestrator', {}).payloads).toEqual({ messageMaxBytes: 4 * MiB, stepOutputMaxBytes: MiB, executionMaxBytes: 12 * MiB });
  });

  it('should read MESSAGE_MAX_BYTES, STEP_OUTPUT_MAX_BYTES and EXECUTION_MAX_BYTES', () => {
    const env = { MESSAGE_MAX_BYTES: '65536', STEP_OUTPUT_MAX_BYTES: '2048', EXECUTION_MAX_BYTES: '1048576' };
    expect(loadConfig('worker', env).payloads).toEqual({ messageMaxBytes: 65_536, stepOutputMaxBytes: 2_048, executionMaxBytes: MiB });
  });

  it.each([
    [{ MESSAGE_MAX_BYTES: String(16 * MiB) }, 'MESSAGE_MAX_BYTES must be an integer between 65536 and 15728640 (got "16777216")'],
    [{ EXECUTION_MAX_BYTES: String(16 * MiB) }, 'EXECUTION_MAX_BYTES must be an integer between 65536 and 15728640 (got "16777216")'],
    [{ STEP_OUTPUT_MAX_BYTES: String(5 * MiB) }, 'STEP_OUTPUT_MAX_BYTES must not be larger than MESSAGE_MAX_BYTES'],
    [{ STEP_OUTPUT_MAX_BYTES: String(MiB), EXECUTION_MAX_BYTES: '65536' }, 'STEP_OUTPUT_MAX_BYTES must not be larger than EXECUTION_MAX_BYTES'],
  ])('should refuse %j', (env, problem) => {
    expect(() => loadConfig('orchestrator', env)).toThrow(ConfigError);
    try {
      loadConfig('orchestrator', env);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([problem]);
    }
  });
});
