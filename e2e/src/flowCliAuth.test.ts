import type { System } from '@flow/launcher';
import { signToken } from '@flow/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowCli } from './flowCliHarness.js';
import { stopTestSystem } from './harness.js';
import { orchestrationKinds, startOrchestrationSystem } from './orchestrationHarness.js';

/** `flow` on a gateway with authentication on: the token goes as a bearer on HTTP and in the WebSocket's connectionParams. */
const secret = 'flow-cli-tests-secret-0123456789abcdef';
const example = new URL('../../examples/first-session.flow.yaml', import.meta.url).pathname;
const embedded = orchestrationKinds.filter((kind) => kind.name === 'embedded');

describe.each(embedded)('the flow CLI with authentication on ($name)', (kind) => {
  let system: System;
  const tokenWith = (roles: string[]) => signToken(secret, { sub: `cli-${roles.join('-')}`, roles });

  beforeAll(async () => {
    system = await startOrchestrationSystem(kind, { AUTH_JWT_SECRET: secret });
  });
  afterAll(() => stopTestSystem(system));

  it('should be refused UNAUTHENTICATED without a token', async () => {
    const result = await flowCli(system.gatewayUrl, ['runs']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^flow: UNAUTHENTICATED: /);
  });

  it('should be refused FORBIDDEN when the token lacks the role a write needs', async () => {
    const result = await flowCli(system.gatewayUrl, ['--token', await tokenWith(['viewer']), 'apply', example, '--yes']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^flow: FORBIDDEN: /);
  });

  it('should apply and watch a run with FLOW_TOKEN, over HTTP and the subscription', async () => {
    const env = { FLOW_TOKEN: await tokenWith(['editor', 'operator']) };
    expect(await flowCli(system.gatewayUrl, ['apply', example, '--yes'], env)).toMatchObject({ status: 0, stderr: '' });
    const run = await flowCli(system.gatewayUrl, ['start', 'Nightly copy@1.0.0', '--watch'], env);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^ {2}Archive +SUCCEEDED/m);
  });
});
