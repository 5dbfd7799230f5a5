import type { System } from '@flow/launcher';
import type { ExecutionStore, StoredExecution } from '@flow/orchestrator';
import type { GraphQLHttp } from '../graphqlHttp.js';
import type { CpuWatch } from './procStats.js';
import type { DispatchLatencies, HandlingBreakdown } from './recorder.js';
import { mapBounded, sleep } from './stats.js';

type Connection = NonNullable<System['backend']['connection']>;

/** One phase: executions started, until all ended, checked in the store afterwards. */
export interface PhaseOutcome {
  label: string;
  executions: number;
  /** Executions that ended COMPLETED with every step SUCCEEDED. */
  completed: number;
  /** Steps SUCCEEDED over all executions of the phase. */
  steps: number;
  /** From the first start request to the last start answer. */
  startMs: number;
  /** From the first start request to the last execution's `finishedAt` (to now when some did not end). */
  totalMs: number;
  /** Mean size of an execution document as JSON: what every transition rewrites. */
  documentBytes: number;
  /** Executions still RUNNING when the phase ended (stuck or out of time: see waitUntilEnded). */
  stuck: number;
  /** Start requests refused and sent again. */
  startsRefused: number;
}

/** What an in-process phase measured besides its outcome. */
export interface Measured {
  outcome: PhaseOutcome;
  latencies: DispatchLatencies;
  breakdown: HandlingBreakdown;
  /** The sweep's store queries during the phase (outside any event). */
  sweeps: Array<{ name: string; ms: number; calls: number; maxMs: number }>;
  cpu: CpuUsage;
}

export type CpuUsage = ReturnType<CpuWatch['stop']>;

const startMutation = 'mutation($id: ID!, $input: JSON) { startOrchestration(orchestratedFlowId: $id, input: $input) { executionId } }';

export interface Started {
  ids: string[];
  /** Start requests answered with an error and sent again (an overloaded system times out its reads). */
  refused: number;
}

const START_ATTEMPTS = 3;

/**
 * Starts `count` executions of a flow at the orchestrator's own GraphQL endpoint, `concurrency`
 * requests at a time. A refused start is sent again after a second, up to three times: under
 * load a start's reads of the flow can outlast the subgraph timeout, which is worth counting
 * but not worth losing the phase for.
 */
export async function startExecutions(http: GraphQLHttp, orchestratorUrl: string, flowId: string, count: number, concurrency: number): Promise<Started> {
  let refused = 0;
  const ids = await mapBounded(Array.from({ length: count }, (_, index) => index), concurrency, async (index) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const data = await http.data<{ startOrchestration: { executionId: string } }>(`${orchestratorUrl}/graphql`, startMutation, { id: flowId, input: { n: index } });
        return data.startOrchestration.executionId;
      } catch (error) {
        if (attempt >= START_ATTEMPTS) throw error;
        refused += 1;
        console.log(`start refused (attempt ${attempt}, sending it again): ${(error as Error).message.slice(0, 300)}`);
        await sleep(1_000);
      }
    }
  });
  return { ids, refused };
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs: number;
  /**
   * Executions that have not ended although nothing happened for this long (no execution
   * ended, `activity` did not move) are given up on as stuck: reported, the phase goes on.
   */
  stallMs: number;
  /** A count that moves while work is done (deliveries to the processor and the orchestrator). */
  activity: () => number;
  /** A reason to give up at once (the bench was interrupted). */
  abortIf: () => string | undefined;
  /** How many of the executions have ended. */
  ended: () => Promise<number> | number;
  total: number;
  /** Says what the executions that did not end are doing, for the stall or timeout message. */
  explain?: () => Promise<string>;
}

/**
 * Waits until every execution ended, or the rest stalled, or the phase's time is up; answers
 * how many were given up on (the report counts them as not ended, the phase goes on).
 */
export async function waitUntilEnded(label: string, options: WaitOptions): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  const detail = async (): Promise<string> => (options.explain ? `\n${await options.explain().catch((error: unknown) => String(error))}` : '');
  let last = '';
  let lastChange = Date.now();
  for (;;) {
    const ended = await options.ended();
    if (ended >= options.total) return 0;
    const now = `${ended}/${options.activity()}`;
    if (now !== last) [last, lastChange] = [now, Date.now()];
    const abort = options.abortIf();
    if (abort) throw new Error(`${label}: ${abort}`);
    if (Date.now() - lastChange > options.stallMs) {
      console.log(`${label}: ${options.total - ended} of ${options.total} executions have not ended and nothing happened for ${options.stallMs / 1000} s; going on without them:${await detail()}`);
      return options.total - ended;
    }
    if (Date.now() > deadline) {
      console.log(`${label}: only ${ended} of ${options.total} executions ended within ${options.timeoutMs / 1000} s; going on without the others:${await detail()}`);
      return options.total - ended;
    }
    await sleep(options.pollMs);
  }
}

/** Reads executions as a client would, through a store (the journal; the orchestrator's own has them cached). */
export type ExecutionReader = Pick<ExecutionStore, 'get'>;

/** The executions of `ids`, a few reads at a time. */
async function readAll(reader: ExecutionReader, ids: readonly string[]): Promise<StoredExecution[]> {
  const found = await mapBounded(ids, 8, (id) => reader.get(id));
  return found.filter((execution): execution is StoredExecution => execution !== null);
}

/**
 * Executions of `ids` that ended, counted in the store's finals (one small record each), for
 * an orchestrator in another process; a scan, so poll it no more than about once a second.
 */
export function endedInStore(connection: Connection, ids: readonly string[]): () => Promise<number> {
  if (!connection.db) throw new Error('MongoDB is not connected');
  const finals = connection.db.collection<{ _id: string }>('executions_finals');
  return () => finals.countDocuments({ _id: { $in: [...ids] } });
}

/** Executions of `ids` RUNNING now (not yet in the finals). */
export async function runningInStore(connection: Connection, ids: readonly string[]): Promise<number> {
  return ids.length - (await endedInStore(connection, ids)());
}

/** The store's word on a finished phase: how many completed, steps succeeded, the last end. */
export async function checkedOutcome(reader: ExecutionReader, label: string, started: Started, began: number, startMs: number): Promise<PhaseOutcome> {
  const { ids } = started;
  const rows = await readAll(reader, ids);
  let completed = 0;
  let steps = 0;
  let lastEnd = began;
  let bytes = 0;
  let stuck = 0;
  for (const row of rows) {
    bytes += Buffer.byteLength(JSON.stringify(row));
    if (row.status === 'RUNNING') stuck += 1;
    const states = Object.values(row.steps);
    const succeeded = states.filter((step) => step.status === 'SUCCEEDED').length;
    steps += succeeded;
    if (row.status === 'COMPLETED' && succeeded === states.length) completed += 1;
    if (row.finishedAt) lastEnd = Math.max(lastEnd, Date.parse(row.finishedAt));
  }
  // Executions given up on: the phase lasted until then, not until the last one that ended.
  if (stuck > 0) lastEnd = Date.now();
  return { label, executions: ids.length, completed, steps, startMs, totalMs: lastEnd - began, documentBytes: rows.length ? bytes / rows.length : 0, stuck, startsRefused: started.refused };
}

/** The executions of `ids` still RUNNING, with their steps and outbox: why a phase did not end. */
export function explainRunning(reader: ExecutionReader, ids: readonly string[], describe?: (commandId: string) => string): () => Promise<string> {
  return async () => {
    const rows = (await readAll(reader, ids)).filter((row) => row.status === 'RUNNING').slice(0, 5);
    return rows
      .map((row) => {
        const steps = Object.entries(row.steps).map(([id, step]) => `${id.slice(-6)}:${step.status}/${step.attempts}/${step.commandId?.slice(-6) ?? '-'}`);
        const commands = Object.values(row.steps).flatMap((step) => (step.status === 'RUNNING' && step.commandId && describe ? [`    command ${step.commandId}: ${describe(step.commandId)}`] : []));
        return [`  execution ${row.id} revision ${row.revision} version ${row.version} outbox [${row.outbox.map((c) => c.kind).join(',')}] steps ${steps.join(' ')}`, ...commands].join('\n');
      })
      .join('\n');
  };
}
