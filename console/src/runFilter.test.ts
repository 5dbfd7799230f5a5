import { describe, expect, it } from 'vitest';
import { executionsVariables, filterFromSearch, searchOf } from './runFilter.js';

describe('the runs filter', () => {
  it('should read back from the URL what it wrote, ignoring an unknown status', () => {
    const filter = { status: 'FAILED' as const, flowId: 'f1', sinceHours: 24, after: 'c1' };
    expect(filterFromSearch(new URLSearchParams(searchOf(filter)))).toEqual(filter);
    expect(filterFromSearch(new URLSearchParams('status=BROKEN&since=-3')).status).toBeUndefined();
    expect(searchOf({ status: undefined, flowId: undefined, sinceHours: undefined, after: undefined })).toBe('');
  });

  it('should ask the server for the status, the flow, the period and the page', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(executionsVariables({ status: 'RUNNING', flowId: 'f1', sinceHours: 1, after: 'c9' }, now)).toEqual({
      filter: { orchestratedFlowId: 'f1', statuses: ['RUNNING'], startedAfter: '2026-12-02T11:00:00.000Z' }, first: 25, after: 'c9',
    });
    expect(executionsVariables({ status: undefined, flowId: undefined, sinceHours: undefined, after: undefined }, now)).toEqual({ filter: {}, first: 25, after: null });
  });
});
