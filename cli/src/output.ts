import type { Writable } from 'node:stream';
import { color } from 'listr2';

/** Where a command writes, and how: text (coloured only on a terminal) or JSON for scripts. */
export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
}

export type OutputFormat = 'text' | 'json';

export interface Output {
  format: OutputFormat;
  /** True when text goes to a terminal: colours and the live view. */
  terminal: boolean;
  line(text?: string): void;
  json(value: unknown): void;
  error(text: string): void;
  paint: Paint;
}

type Colour = 'green' | 'red' | 'yellow' | 'cyan' | 'dim' | 'bold';
export type Paint = Record<Colour, (text: string) => string>;

const plain: Paint = { green: String, red: String, yellow: String, cyan: String, dim: String, bold: String };

export function createOutput(io: Io, format: OutputFormat): Output {
  const terminal = io.stdout.isTTY === true && format === 'text';
  const paint: Paint = terminal ? { green: color.green, red: color.red, yellow: color.yellow, cyan: color.cyan, dim: color.dim, bold: color.bold } : plain;
  return {
    format,
    terminal,
    paint,
    line: (text = '') => void io.stdout.write(`${text}\n`),
    json: (value) => void io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    error: (text) => void io.stderr.write(`${text}\n`),
  };
}

/** The colour of an execution or step status. */
export function statusColour(status: string, paint: Paint): string {
  if (status === 'COMPLETED' || status === 'SUCCEEDED') return paint.green(status);
  if (status === 'FAILED' || status === 'TIMED_OUT' || status === 'STOPPED') return paint.red(status);
  if (status === 'RUNNING') return paint.cyan(status);
  return paint.dim(status);
}

/** `1.2s`, `340ms`: how long between two ISO instants (or until now). */
export function duration(startedAt: string | null | undefined, finishedAt: string | null | undefined, now = Date.now()): string {
  if (!startedAt) return '';
  const ms = Math.max(0, (finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt));
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`;
}
