import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlowFile } from '@flow/cli';
import { ensureDemoFlow, type System } from '@flow/launcher';
import { echoProcessor } from '@flow/processor-echo';
import { createFileProcessor, openFileSandbox } from '@flow/processor-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityCounts, flowCli, flowInTerminal, visible } from './flowCliHarness.js';
import { graphqlClient, startTestSystem, stopTestSystem, type GraphQLClient } from './harness.js';
import { sleep } from './orchestrationProbes.js';
import { fastOrchestration, orchestrationKinds } from './orchestrationHarness.js';

/**
 * `flow` against the running system (issue 17): the examples applied to an empty system and
 * run with `start --watch`, plans by composite keys, export round trips, and files refused
 * before any write, naming the line.
 */
const example = (name: string): string => new URL(`../../examples/${name}.flow.yaml`, import.meta.url).pathname;
const readExample = (name: string): Promise<string> => readFile(example(name), 'utf8');

describe.each(orchestrationKinds)('the flow CLI ($name)', (kind) => {
  let system: System;
  let client: GraphQLClient;
  let root: string;
  let scratch: string;
  const flow = (...args: string[]) => flowCli(system.gatewayUrl, args);
  /** A flow file of `text` in a scratch directory. */
  async function fileOf(name: string, text: string): Promise<string> {
    const path = join(scratch, name);
    await writeFile(path, text);
    return path;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'flow-cli-files-'));
    scratch = await mkdtemp(join(tmpdir(), 'flow-cli-scratch-'));
    const fileProcessor = createFileProcessor(await openFileSandbox({ root, maxFileBytes: 1_048_576 }));
    system = await startTestSystem(kind.backend, { processors: [echoProcessor, fileProcessor] }, { ...fastOrchestration, ...kind.env });
    client = graphqlClient(system.gatewayUrl);
  });
  afterAll(async () => {
    await stopTestSystem(system);
    for (const path of [root, scratch]) if (path) await rm(path, { recursive: true, force: true });
  });

  it('should apply the demo example to an empty system and run it with start --watch to COMPLETED (exit 0)', async () => {
    expect((await entityCounts(client)).orchestratedFlows).toBe(0);
    const applied = await flow('apply', example('demo'), '--var', `FILE_PROCESSOR_ROOT=${root}`, '--yes');
    expect(applied).toMatchObject({ status: 0, stderr: '' });
    expect(applied.stdout).toContain('+ create    OrchestratedFlow demo-flow@demo');
    expect(applied.stdout).toMatch(/applied: flow demo-flow@demo is [0-9a-f-]{36}/);

    const run = await flow('start', 'demo-flow@demo', '--watch', '--input', '{"greeting":"hi"}');
    expect(run).toMatchObject({ status: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines.some((line) => /^ {2}demo-echo +SUCCEEDED {2}attempt 1/.test(line))).toBe(true);
    expect(lines.some((line) => /^ {2}demo-write-files +SUCCEEDED {2}attempt 1/.test(line))).toBe(true);
    expect(run.stdout).toMatch(/COMPLETED +█{24} 2\/2 steps/);
    expect(run.stdout.includes('\u001b')).toBe(false); // no colours, no redraws off a terminal
    const written = await readdir(join(root, 'demo'));
    expect(written.filter((name) => name.endsWith('_input.json'))).toHaveLength(1);
  });

  it("should find npm start's demo flow again when the launcher ensures it from the same example file", async () => {
    const { flowId } = JSON.parse((await flow('--output', 'json', 'apply', example('demo'), '--var', `FILE_PROCESSOR_ROOT=${root}`)).stdout).files[0];
    expect(flowId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await ensureDemoFlow(system.gatewayUrl, root)).toEqual({ flowId, directory: join(root, 'demo') });
  });

  it('should exit 1 from start --watch when the failing example FAILED, showing the failed and the skipped step', async () => {
    expect((await flow('apply', example('failing'), '--yes')).status).toBe(0);
    const run = await flow('start', 'failing-example@1.0.0', '--watch');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^ {2}check +FAILED {2}attempt 1 {2}\S+ {2}.*fail/m);
    expect(run.stdout).toMatch(/^ {2}publish +SKIPPED/m);
    expect(run.stdout).toMatch(/FAILED +█+░* 2\/2 steps/);
  });

  it('should plan nothing on a second apply, update exactly the edited step, and export the applied file', async () => {
    const original = await readExample('first-session');
    expect((await flow('apply', example('first-session'), '--yes')).status).toBe(0);
    const again = await flow('--output', 'json', 'apply', example('first-session'));
    const [report] = JSON.parse(again.stdout).files;
    expect(report.changes.filter((change: { action: string }) => change.action !== 'unchanged')).toEqual([]);
    expect(report.changes).toHaveLength(7);

    const exported = await flow('export', 'Nightly copy@1.0.0');
    expect(exported.status).toBe(0);
    expect(parseFlowFile(exported.stdout).graph).toEqual(parseFlowFile(original).graph);

    const edited = original.replace('    next: [Archive]\n', '');
    const changed = await flow('--output', 'json', 'apply', await fileOf('edited.yaml', edited), '--yes');
    const [editReport] = JSON.parse(changed.stdout).files;
    expect(editReport.changes.filter((change: { action: string }) => change.action !== 'unchanged')).toEqual([
      { type: 'Step', key: { version: '1.0.0', name: 'Copy' }, action: 'update', fields: ['nextStepIds'] },
    ]);
    expect(parseFlowFile((await flow('export', 'Nightly copy@1.0.0')).stdout).graph).toEqual(parseFlowFile(edited).graph);
    const { step } = await client.data('{ step: stepByKey(version: "1.0.0", name: "Copy") { nextStepIds } }');
    expect(step.nextStepIds).toEqual([]);
  });

  /** A flow file of these lines after its two header lines (apiVersion, flow). */
  const body = (...lines: string[]) => ['apiVersion: flow-orchestrator/v1', 'flow: { name: refused, version: "1" }', ...lines, ''].join('\n');
  const refusals: Array<{ what: string; text: string; line: number; message: string }> = [
    { what: 'a missing processor', text: body('steps:', '  - name: a', '    processor: NoSuchProcessor@9.9.9'), line: 5, message: 'processor NoSuchProcessor@9.9.9 does not exist' },
    { what: 'an unknown step in next', text: body('steps:', '  - { name: a, processor: EchoProcessor@1.0.0, next: [b] }'), line: 4, message: 'step "a": next step "b" is not a step of this file' },
    {
      what: 'a cycle', text: body('steps:', '  - { name: a, processor: EchoProcessor@1.0.0, next: [b] }', '  - { name: b, processor: EchoProcessor@1.0.0, next: [a] }'),
      line: 5, message: 'the steps form a cycle: a -> b -> a',
    },
    {
      what: 'a schema error', text: body('schemas: [{ name: s, definition: {} }]', 'steps:', '  - name: a', '    processor: EchoProcessor@1.0.0', '    entryCondition: LATER'),
      line: 7, message: 'steps.0.entryCondition: must be equal to one of the allowed values',
    },
  ];

  it.each(refusals)('should refuse a file with $what before any write, naming the line', async ({ text, line, message }) => {
    const before = await entityCounts(client);
    const path = await fileOf('refused.yaml', text);
    const result = await flow('apply', path, '--yes');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${path}:${line}: ${message}`);
    expect(await entityCounts(client)).toEqual(before);
  });

  /** A flow whose first step takes `delayMs` (EchoProcessor obeys the delivery's payload). */
  const slowFlow = (name: string, delayMs: number) => `apiVersion: flow-orchestrator/v1
flow: { name: ${name}, version: "1" }
schemas: [{ name: ${name}-switches, definition: { type: object } }]
steps:
  - { name: slow, processor: EchoProcessor@1.0.0, next: [quick] }
  - { name: quick, processor: EchoProcessor@1.0.0 }
deliveries: [{ name: ${name}-delay, schema: ${name}-switches@1, payload: { delayMs: ${delayMs} } }]
assignments: [{ step: slow, entities: [delivery:${name}-delay] }]
`;

  it('should draw the live view in a real terminal: a step RUNNING, then SUCCEEDED, the next one PENDING meanwhile, exit 0', async () => {
    expect((await flow('apply', await fileOf('terminal.yaml', slowFlow('terminal-view', 1200)), '--yes')).status).toBe(0);
    const { status, screen } = await flowInTerminal(['--gateway', system.gatewayUrl, 'start', 'terminal-view@1', '--watch']);
    const text = visible(screen);
    expect(status).toBe(0);
    expect(screen).not.toBe(text); // drawn with escape sequences: colours and redraws
    const running = text.search(/slow +RUNNING {2}attempt 1/);
    const succeeded = text.search(/slow +SUCCEEDED {2}attempt 1/);
    expect(running).toBeGreaterThanOrEqual(0);
    expect(succeeded).toBeGreaterThan(running);
    expect(text.slice(running, succeeded)).toMatch(/quick +PENDING/);
    expect(text.slice(0, succeeded)).toMatch(/RUNNING +░{24} 0\/2 steps/);
    expect(text.slice(succeeded)).toMatch(/quick +SUCCEEDED/);
    expect(text.slice(succeeded)).toMatch(/COMPLETED +█{24} 2\/2 steps/);
  });

  it('should list runs by flow and status, show one run, and stop a running one', async () => {
    expect((await flow('apply', await fileOf('stop.yaml', slowFlow('stop-me', 30_000)), '--yes')).status).toBe(0);
    const started = await flow('--output', 'json', 'start', 'stop-me@1');
    const { executionId } = JSON.parse(started.stdout);
    const stopped = await flow('stop', 'stop-me@1');
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toMatch(new RegExp(`execution ${executionId} of stop-me@1: STOPPED`));
    expect(stopped.stdout).toMatch(/^ {2}slow +CANCELLED/m);

    const status = JSON.parse((await flow('--output', 'json', 'status', executionId)).stdout);
    expect(status).toMatchObject({ executionId, status: 'STOPPED', flow: { name: 'stop-me', version: '1' } });
    const runsOf = async (...filters: string[]) => JSON.parse((await flow('--output', 'json', 'runs', ...filters)).stdout).map((run: { executionId: string }) => run.executionId);
    expect(await runsOf('--flow', 'stop-me@1', '--status', 'stopped')).toEqual([executionId]);
    expect(await runsOf('--flow', 'stop-me@1', '--status', 'COMPLETED,FAILED')).toEqual([]);
    expect(await runsOf('--status', 'STOPPED')).toContain(executionId);
    const table = await flow('runs', '--flow', 'stop-me@1');
    expect(table.stdout).toMatch(new RegExp(`^${executionId} {2}stop-me@1 {2}STOPPED {2}2/2 steps`, 'm'));
  });

  it('should pause, resume, retry and rerun a run by its execution id, refusing a control that does not apply', async () => {
    expect((await flow('apply', await fileOf('controls.yaml', slowFlow('control-me', 1_500)), '--yes')).status).toBe(0);
    const json = async (...args: string[]) => {
      const { status, stdout, stderr } = await flow('--output', 'json', ...args);
      if (status !== 0) throw new Error(`flow ${args.join(' ')} exited ${status}: ${stderr}`);
      return JSON.parse(stdout);
    };
    const { executionId } = await json('start', 'control-me@1');
    const paused = await flow('pause', executionId);
    expect(paused.status).toBe(0);
    expect(paused.stdout).toMatch(new RegExp(`execution ${executionId} of control-me@1: PAUSED`));
    expect((await json('runs', '--flow', 'control-me@1', '--status', 'paused')).map((run: { executionId: string }) => run.executionId)).toEqual([executionId]);
    const again = await flow('pause', executionId);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/CONFLICT/);
    expect((await flow('resume', executionId)).stdout).toMatch(new RegExp(`execution ${executionId} of control-me@1: RUNNING`));

    expect((await flow('stop', 'control-me@1')).stdout).toMatch(/: STOPPED/);
    expect((await json('retry', executionId)).status).toBe('RUNNING');
    const deadline = Date.now() + 30_000;
    let run = await json('status', executionId);
    while (run.status === 'RUNNING' && Date.now() < deadline) {
      await sleep(100); // a tight loop of in-process calls would outrun the per-client rate limit
      run = await json('status', executionId);
    }
    expect(run.status).toBe('COMPLETED');

    const rerun = await json('rerun', executionId, '--input', '{"again":true}');
    expect(rerun.executionId).not.toBe(executionId);
    expect(rerun.status).toBe('RUNNING');
  });
});
