import { describe, expect, it } from 'vitest';
import { serviceNameOf } from './serviceName.js';

describe('serviceNameOf', () => {
  it('should name a process after its main module, as its logger does', () => {
    expect(serviceNameOf('/app/orchestrator/src/main.ts')).toBe('orchestrator');
    expect(serviceNameOf('gateway/src/main.ts')).toBe('gateway');
    expect(serviceNameOf('/app/subgraphs/orchestrated-flow/src/main.ts')).toBe('manager-orchestrated-flow');
    expect(serviceNameOf('/app/processors/echo/src/main.ts')).toBe('processor-echo');
    expect(serviceNameOf('/app/launcher/src/main.ts')).toBe('flow-orchestrator');
  });
});
