import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { distribution, type Distribution } from './stats.js';

/**
 * What the measuring ports (measuringPorts.ts) saw of one phase: per command, when it was
 * published, delivered, answered and its answer delivered; per event the orchestrator
 * handled, where the handling time went. All times are `performance.now()` of this process,
 * where the orchestrator and the processors of the in-process phases run.
 */
interface CommandTimes {
  /** When the orchestrator received the event whose handling published this command (none for entry steps). */
  cause: number | undefined;
  published: number;
  confirmed?: number;
  received?: number;
  answered?: number;
  answerConfirmed?: number;
  answerReceived?: number;
}

/** One event handled by the orchestrator: its wall time and the time spent in each port call. */
export interface EventScope {
  receivedAt: number;
  parts: Map<string, { ms: number; calls: number }>;
}

export interface Finished {
  status: string;
  completedSteps: number;
  at: number;
}

export const now = (): number => performance.now();

export function createRecorder() {
  const scopes = new AsyncLocalStorage<EventScope>();
  let commands = new Map<string, CommandTimes>();
  let handled: Array<{ totalMs: number; scope: EventScope }> = [];
  let finished = new Map<string, Finished>();
  let unlinked = 0;
  /** Handler entries of any kind (processor commands, orchestrator events): progress, even when no execution ends. */
  let deliveries = 0;
  let background = new Map<string, { ms: number; calls: number; maxMs: number }>();

  const command = (id: string | undefined): CommandTimes | undefined => (id ? commands.get(id) : undefined);

  return {
    scopes,
    reset(): void {
      commands = new Map();
      handled = [];
      finished = new Map();
      unlinked = 0;
      background = new Map();
    },
    /** A store call made outside any event (the orchestrator's periodic sweep). */
    backgroundCall(name: string, ms: number): void {
      const entry = background.get(name) ?? { ms: 0, calls: 0, maxMs: 0 };
      background.set(name, { ms: entry.ms + ms, calls: entry.calls + 1, maxMs: Math.max(entry.maxMs, ms) });
    },
    backgroundCalls: () => [...background].map(([name, entry]) => ({ name, ...entry })),
    commandPublished(id: string, at: number): void {
      // A command published again (outbox recovery) keeps its first times.
      if (!commands.has(id)) commands.set(id, { cause: scopes.getStore()?.receivedAt, published: at });
    },
    commandConfirmed(id: string, at: number): void {
      const times = command(id);
      if (times && times.confirmed === undefined) times.confirmed = at;
    },
    commandReceived(id: string, at: number): void {
      deliveries += 1;
      const times = command(id);
      if (!times) unlinked += 1;
      else times.received ??= at;
    },
    answerPublished(id: string, at: number): void {
      const times = command(id);
      if (times) times.answered ??= at;
    },
    answerConfirmed(id: string, at: number): void {
      const times = command(id);
      if (times) times.answerConfirmed ??= at;
    },
    answerReceived(id: string, at: number): void {
      deliveries += 1;
      const times = command(id);
      if (times) times.answerReceived ??= at;
    },
    eventHandled(scope: EventScope, totalMs: number): void {
      handled.push({ totalMs, scope });
    },
    executionFinished(executionId: string, status: string, completedSteps: number): void {
      if (!finished.has(executionId)) finished.set(executionId, { status, completedSteps, at: now() });
    },
    finishedOf: (executionId: string): Finished | undefined => finished.get(executionId),
    dispatchLatencies: () => dispatchLatencies([...commands.values()]),
    handlingBreakdown: () => handlingBreakdown(handled),
    /** Deliveries seen so far (never reset): waitUntilEnded's sign of life. */
    deliveries: () => deliveries,
    /** Commands delivered to a processor that this phase never saw published (another orchestrator's). */
    unlinkedDeliveries: () => unlinked,
    /** What the ports saw of one command, for the message of a phase that did not end. */
    describe(commandId: string): string {
      const times = commands.get(commandId);
      if (!times) return 'never published through the measuring bus';
      const at = (value: number | undefined): string => (value === undefined ? 'never' : `+${(value - times.published).toFixed(0)} ms`);
      return `published, confirmed ${at(times.confirmed)}, processor received ${at(times.received)}, event published ${at(times.answered)}, event confirmed ${at(times.answerConfirmed)}, orchestrator received ${at(times.answerReceived)}`;
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;

export interface DispatchLatencies {
  /** (a) event received by the orchestrator -> next command handed to the bus. */
  decide: Distribution;
  /** (a') the same, until the broker confirmed the command. */
  decideConfirmed: Distribution;
  /** (b) command handed to the bus -> processor handler entered. */
  commandHop: Distribution;
  /** Processor handler entered -> its event handed to the bus (SDK + EchoProcessor). */
  processor: Distribution;
  /** Event handed to the bus -> orchestrator handler entered. */
  eventHop: Distribution;
  /** Event received -> the next command's event received: one whole step as the orchestrator sees it. */
  stepCycle: Distribution;
}

function dispatchLatencies(all: readonly CommandTimes[]): DispatchLatencies {
  const samples = (pick: (times: CommandTimes) => number | undefined): Distribution =>
    distribution(all.map(pick).filter((value): value is number => value !== undefined && Number.isFinite(value)));
  const since = (from: number | undefined, to: number | undefined): number | undefined => (from === undefined || to === undefined ? undefined : to - from);
  return {
    decide: samples((t) => since(t.cause, t.published)),
    decideConfirmed: samples((t) => since(t.cause, t.confirmed)),
    commandHop: samples((t) => since(t.published, t.received)),
    processor: samples((t) => since(t.received, t.answered)),
    eventHop: samples((t) => since(t.answered, t.answerReceived)),
    stepCycle: samples((t) => since(t.cause, t.answerReceived)),
  };
}

export interface HandlingBreakdown {
  events: number;
  total: Distribution;
  /** Per port call kind: mean ms per event and calls per event. */
  parts: Array<{ name: string; meanMs: number; callsPerEvent: number; p50Ms: number }>;
  /** Total minus the port calls: engine CPU, the per-execution queue, event-loop delays. */
  otherMeanMs: number;
}

function handlingBreakdown(handled: ReadonlyArray<{ totalMs: number; scope: EventScope }>): HandlingBreakdown {
  const names = [...new Set(handled.flatMap(({ scope }) => [...scope.parts.keys()]))].sort();
  const events = handled.length || 1;
  const parts = names.map((name) => {
    const perEvent = handled.map(({ scope }) => scope.parts.get(name)?.ms ?? 0);
    const calls = handled.reduce((sum, { scope }) => sum + (scope.parts.get(name)?.calls ?? 0), 0);
    return { name, meanMs: perEvent.reduce((a, b) => a + b, 0) / events, callsPerEvent: calls / events, p50Ms: distribution(perEvent).p50 };
  });
  const total = distribution(handled.map((h) => h.totalMs));
  const accounted = parts.reduce((sum, part) => sum + part.meanMs, 0);
  return { events: handled.length, total, parts, otherMeanMs: total.mean - accounted };
}
