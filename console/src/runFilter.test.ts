import { describe, expect, it } from 'vitest';
import { executionsVariables, filterFromSearch, keepsRun, searchOf } from './runFilter.js';

describe('the runs filter', () => {
  it('should read back from the URL what it wrote, ignoring an unknown status', () => {
    const filter = { status: 'FAILED' as const, flowId: 'f1', sinceHours: 24, after: 'c1' };
    expect(filterFromSearch(new URLSearchParams(searchOf(filter)))).toEqual(filter);
    expect(filterFromSearch(new URLSearchParams('status=BROKEN&since=-3')).status).toBeUndefined();
    expect(searchOf({ status: undefined, flowId: undefined, sinceHours: undefined, after: undefined })).toBe('');
  });

  it('should keep only runs of the chosen status started within the period', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    const filter = { status: 'COMPLETED' as const, flowId: undefined, sinceHours: 1, after: undefined };
    expect(keepsRun(filter, { status: 'COMPLETED', startedAt: '2026-12-02T11:30:00Z' }, now)).toBe(true);
    expect(keepsRun(filter, { status: 'FAILED', startedAt: '2026-12-02T11:30:00Z' }, now)).toBe(false);
    expect(keepsRun(filter, { status: 'COMPLETED', startedAt: '2026-12-02T10:30:00Z' }, now)).toBe(false);
  });

  it('should ask the server for the flow and the page only', () => {
    expect(executionsVariables({ status: 'RUNNING', flowId: 'f1', sinceHours: 1, after: 'c9' })).toEqual({ orchestratedFlowId: 'f1', first: 25, after: 'c9' });
  });
});
