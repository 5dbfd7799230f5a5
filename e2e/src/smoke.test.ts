import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fetch } from 'undici';
import { duplicatedKeys } from './jsonKeys.js';
import { familiesOf, samplesOf } from './metricsScrape.js';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

async function waitForHealth(url: string, deadline: number): Promise<{ status: number; body: any }> {
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return { status: 200, body: await response.json() };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, deadline: number): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the README quick start', () => {
  it('should name `npm ci && npm start` and `npm test` as the fresh-machine commands', () => {
    expect(readme).toMatch(/^npm ci && npm start$/m);
    expect(readme).toMatch(/^npm test$/m);
  });

  // `npm ci` has just run (CI runs it first; re-running it here would delete the running
  // test's own node_modules), so this starts the second half of the command, exactly.
  it('should answer /health on :4000 within 15 s of npm start, run the demo flow, and shut down gracefully on SIGTERM', async () => {
    const { MONGODB_URI: _mongo, RABBITMQ_URL: _rabbit, HAZELCAST_ADDRESSES: _hazelcast, PORT: _port, ...env } = process.env;
    const child = spawn('npm', ['start'], { cwd: root, env: { ...env, NODE_ENV: 'development' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = once(child, 'exit');
    try {
      const started = Date.now();
      const health = await waitForHealth('http://127.0.0.1:4000/health', started + 15_000);
      expect(health.body.status).toBe('Healthy');
      expect(Object.keys(health.body.checks)).toHaveLength(9); // eight managers and the orchestrator
      // The banner ends with the demo flow, ready once the processors have registered.
      const flowId = await waitFor(() => /demo flow: +([0-9a-f-]{36})/.exec(output)?.[1], started + 30_000);
      expect(output).toContain('http://127.0.0.1:4000/graphql');
      const start = await fetch(`http://127.0.0.1:4000/api/Orchestration/start/${flowId}`, { method: 'POST' });
      expect(start.status).toBe(200);
      const finished = await waitFor(async () => {
        const status = (await (await fetch(`http://127.0.0.1:4000/api/Orchestration/status/${flowId}`)).json()) as { status: string };
        return status.status === 'Running' ? undefined : status;
      }, Date.now() + 15_000);
      expect(finished).toMatchObject({ status: 'Completed', completedSteps: 2, totalSteps: 2 });
      // One process, one scrape: the printed metrics address serves every service it runs.
      const metricsUrl = /health, metrics: +\S+ +(\S+\/metrics)/.exec(output)?.[1];
      expect(metricsUrl).toBe('http://127.0.0.1:4000/metrics');
      const text = await (await fetch(metricsUrl as string)).text();
      const families = [...familiesOf(text).keys()];
      for (const prefix of ['manager_', 'orchestrator_', 'processor_', 'gateway_']) expect(families.some((name) => name.startsWith(prefix)), prefix).toBe(true);
      const services = new Set(samplesOf(text).map((sample) => sample.labels.service));
      expect([...services]).toEqual(expect.arrayContaining(['gateway', 'manager-step', 'orchestrator', 'processor-EchoProcessor', 'processor-FileProcessor']));
      const handled = samplesOf(text).find((sample) => sample.name === 'processor_commands_consumed_total' && sample.labels.service === 'processor-EchoProcessor');
      expect(handled?.value).toBeGreaterThan(0);
    } finally {
      process.kill(-(child.pid as number), 'SIGTERM');
    }
    // npm itself dies of the signal; the service under it must shut down gracefully.
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(output).toContain('"msg":"shutting down"');
    expect(output).not.toMatch(/shutdown failed|timed out|"level":"error"/);
    const logLines = output.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => duplicatedKeys(line).length > 0)).toEqual([]);
    await expect(fetch('http://127.0.0.1:4000/health')).rejects.toThrow();
  }, 40_000);
});
