import { ConfigError, loadConfig } from '@flow/platform';
import { describe, expect, it } from 'vitest';

/** The scheduler's variables, read by platform/src/config.ts (the only reader of the environment). */
describe('scheduler configuration', () => {
  it('should read cron expressions in UTC and refresh the schedules every 5 s by default', () => {
    expect(loadConfig('orchestrator', {}).scheduler).toEqual({ timeZone: 'UTC', refreshMs: 5_000 });
  });

  it('should take an IANA time zone and a refresh period', () => {
    const config = loadConfig('orchestrator', { SCHEDULER_TIME_ZONE: 'Europe/Paris', SCHEDULER_REFRESH_MS: '250' });
    expect(config.scheduler).toEqual({ timeZone: 'Europe/Paris', refreshMs: 250 });
  });

  it.each([
    [{ SCHEDULER_TIME_ZONE: 'Mars/Olympus' }, 'SCHEDULER_TIME_ZONE must be an IANA time zone such as UTC or Europe/Paris (got "Mars/Olympus")'],
    [{ SCHEDULER_REFRESH_MS: '49' }, 'SCHEDULER_REFRESH_MS must be an integer between 50 and 600000 (got "49")'],
    [{ SCHEDULER_REFRESH_MS: 'often' }, 'SCHEDULER_REFRESH_MS must be an integer between 50 and 600000 (got "often")'],
  ])('should refuse %j, naming the variable', (env, problem) => {
    expect(() => loadConfig('orchestrator', env)).toThrow(ConfigError);
    try {
      loadConfig('orchestrator', env);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([problem]);
    }
  });
});
