import { Listr, type ListrTaskWrapper } from 'listr2';
import { duration, statusColour, type Output } from '../output.js';
import { TERMINAL_RUN, type RunStatus } from './runs.js';

/** Shows a run as it changes: `update` with each state, `finish` once with the terminal one. */
export interface RunView {
  update(run: RunStatus): void;
  finish(run: RunStatus): Promise<void>;
}

type Step = RunStatus['steps'][number];
const TERMINAL_STEP = new Set(['SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED', 'TIMED_OUT']);
const BAR_WIDTH = 24;

export function progressBar(done: number, total: number): string {
  const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done}/${total} steps`;
}

/** A step's line; `live` shows how long a running step has been running (the terminal view redraws it). */
function stepLine(step: Step, width: number, output: Output, live = output.terminal): string {
  const attempts = step.attempts > 0 ? `  attempt ${step.attempts}` : '';
  const took = live || step.finishedAt ? duration(step.startedAt, step.finishedAt) : '';
  const error = step.error ? `  ${output.paint.dim(step.error)}` : '';
  return `${step.step.name.padEnd(width)}  ${statusColour(step.status, output.paint)}${attempts}${took ? `  ${took}` : ''}${error}`;
}

const runLine = (run: RunStatus, output: Output): string =>
  `${statusColour(run.status, output.paint)}  ${progressBar(run.completedSteps, run.totalSteps)}  ${duration(run.startedAt, run.finishedAt)}`;

const title = (run: RunStatus): string => `execution ${run.executionId} of ${run.flow ? `${run.flow.name}@${run.flow.version}` : run.orchestratedFlowId}`;

/** Lines for logs and pipes: one per change of a step, no colours, nothing redrawn. */
function plainView(output: Output): RunView {
  const seen = new Map<string, string>();
  const width = (run: RunStatus) => Math.max(...run.steps.map((step) => step.step.name.length));
  return {
    update(run) {
      if (seen.size === 0) output.line(title(run));
      for (const step of run.steps) {
        const state = `${step.status}/${step.attempts}`;
        if (seen.get(step.step.id) === state) continue;
        seen.set(step.step.id, state);
        output.line(`  ${stepLine(step, width(run), output)}`);
      }
    },
    async finish(run) {
      output.line(runLine(run, output));
    },
  };
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  const handle = {} as Deferred;
  handle.promise = new Promise<void>((resolve, reject) => Object.assign(handle, { resolve, reject }));
  return handle;
}

type Wrapper = ListrTaskWrapper<unknown, never, never>;

/** The terminal view: listr2 redraws one line per step and a progress bar in place. */
function terminalView(output: Output): RunView {
  let latest: RunStatus | undefined;
  let running: Promise<unknown> | undefined;
  const tasks = new Map<string, { wrapper?: Wrapper; done: Deferred; settled: boolean }>();
  const header: { wrapper?: Wrapper; done: Deferred } = { done: deferred() };
  const width = () => Math.max(...(latest?.steps ?? []).map((step) => step.step.name.length));

  function render(): void {
    const run = latest;
    if (!run) return;
    if (header.wrapper) header.wrapper.title = runLine(run, output);
    for (const step of run.steps) {
      const task = tasks.get(step.step.id);
      if (!task?.wrapper || task.settled) continue;
      task.wrapper.title = stepLine(step, width(), output);
      if (!TERMINAL_STEP.has(step.status)) continue;
      task.settled = true;
      if (step.status === 'FAILED' || step.status === 'TIMED_OUT') task.done.reject(new Error(task.wrapper.title));
      else if (step.status === 'SUCCEEDED') task.done.resolve();
      else {
        task.wrapper.skip(task.wrapper.title);
        task.done.resolve();
      }
    }
  }

  function start(run: RunStatus): void {
    output.line(title(run));
    for (const step of run.steps) tasks.set(step.step.id, { done: deferred(), settled: false });
    const list = new Listr(
      [
        { title: runLine(run, output), task: (_ctx, wrapper) => ((header.wrapper = wrapper), render(), header.done.promise) },
        ...run.steps.map((step) => ({
          title: stepLine(step, width(), output),
          task: (_ctx: unknown, wrapper: Wrapper) => {
            const task = tasks.get(step.step.id) as { wrapper?: Wrapper; done: Deferred };
            task.wrapper = wrapper;
            render();
            return task.done.promise;
          },
        })),
      ],
      { concurrent: true, exitOnError: false, registerSignalListeners: true, rendererOptions: { collapseErrors: false } },
    );
    running = list.run().catch(() => undefined);
  }

  const ticker = setInterval(render, 200); // running steps' durations move on
  return {
    update(run) {
      latest = run;
      if (!running) start(run);
      render();
    },
    async finish(run) {
      latest = run;
      // Listr starts its tasks asynchronously: wait until each has its wrapper to draw into.
      for (let tries = 0; tries < 100 && (!header.wrapper || [...tasks.values()].some((task) => !task.wrapper)); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      render();
      for (const task of tasks.values()) {
        if (task.settled) continue;
        task.settled = true;
        task.done.resolve();
      }
      if (run.status === 'COMPLETED') header.done.resolve();
      else header.done.reject(new Error(runLine(run, output)));
      clearInterval(ticker);
      await running;
    },
  };
}

/** The live view for this output: redrawn on a terminal, lines otherwise, silent for JSON. */
export function createRunView(output: Output): RunView {
  if (output.format === 'json') return { update: () => undefined, finish: async (run) => output.json(run) };
  return output.terminal ? terminalView(output) : plainView(output);
}

export const isTerminalRun = (run: RunStatus): boolean => TERMINAL_RUN.has(run.status);
