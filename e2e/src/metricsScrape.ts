import type { System } from '@flow/launcher';
import { fetch } from 'undici';
import { createGraphFlow, waitForEnd, type RunStatus } from './flowFixtures.js';
import { graphqlClient } from './harness.js';

/** One process of a running system that serves `/metrics` and `/health` at `url`. */
export interface ScrapeTarget {
  job: string;
  url: string;
}

/** Every process of an in-process system: gateway, each manager, the orchestrator, each processor. */
export function scrapeTargets(system: System): ScrapeTarget[] {
  return [
    { job: 'gateway', url: system.gatewayUrl.replace(/\/graphql$/, '') },
    ...Object.entries(system.subgraphs).map(([name, subgraph]) => ({ job: `manager-${name}`, url: subgraph.server.url })),
    { job: 'orchestrator', url: system.orchestration.server.url },
    ...system.processors.map((processor, index) => ({ job: `processor-${index}`, url: processor.url })),
  ];
}

export async function scrape(target: ScrapeTarget): Promise<string> {
  const response = await fetch(`${target.url}/metrics`);
  if (!response.ok) throw new Error(`${target.job}: /metrics answered ${response.status}`);
  return response.text();
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (what prom-client writes: no timestamps). */
export function samplesOf(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key as string] = value as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The families a process exports, name -> type (declared by `# TYPE`, with or without samples yet). */
export function familiesOf(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1] as string, match[2] as string]));
}

/** Runs a two-step flow on the system's first processor (EchoProcessor) to its end. */
export async function runOneFlow(system: System): Promise<RunStatus> {
  const client = graphqlClient(system.gatewayUrl);
  const processorId = (system.processors[0] as { processorId: string }).processorId;
  const flow = await createGraphFlow(client, processorId, [{ key: 'a', next: ['b'] }, { key: 'b' }]);
  await client.data('mutation($id: ID!) { startOrchestration(orchestratedFlowId: $id, input: {n: 1}) { executionId } }', { id: flow.flowId });
  const run = await waitForEnd(client, flow.flowId);
  if (run.status !== 'COMPLETED') console.warn(`[e2e] the run ended ${run.status}: ${JSON.stringify(run.steps)}`);
  return run;
}
