import type { ExecutionStatus, StepStatus } from './generated/graphql.js';

export type AnyStatus = ExecutionStatus | StepStatus;

/**
 * Each status has a symbol and a word as well as a colour (Okabe-Ito palette, readable with
 * the common colour-vision deficiencies): the colour is never the only signal.
 */
export const statusLook: Record<AnyStatus, { symbol: string; label: string; tone: string }> = {
  QUEUED: { symbol: '⋯', label: 'Queued', tone: 'idle' },
  PENDING: { symbol: '○', label: 'Pending', tone: 'idle' },
  RUNNING: { symbol: '◔', label: 'Running', tone: 'active' },
  PAUSED: { symbol: '⏸', label: 'Paused', tone: 'warn' },
  SUCCEEDED: { symbol: '✓', label: 'Succeeded', tone: 'good' },
  COMPLETED: { symbol: '✓', label: 'Completed', tone: 'good' },
  FAILED: { symbol: '✕', label: 'Failed', tone: 'bad' },
  TIMED_OUT: { symbol: '⧗', label: 'Timed out', tone: 'warn' },
  SKIPPED: { symbol: '↷', label: 'Skipped', tone: 'idle' },
  CANCELLED: { symbol: '⊘', label: 'Cancelled', tone: 'muted' },
  STOPPED: { symbol: '■', label: 'Stopped', tone: 'muted' },
};

export const executionStatuses: readonly ExecutionStatus[] = ['QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'STOPPED'];

/** "1.2 s", "3 min 4 s": how long from `start` to `end` (or now). */
export function duration(start: string | null | undefined, end: string | null | undefined, now = Date.now()): string {
  if (!start) return '';
  const ms = Math.max(0, (end ? Date.parse(end) : now) - Date.parse(start));
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A local date and time, short. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : '—';
}
