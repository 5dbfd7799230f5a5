import type { Execution } from '../engine/state.js';
import { liveStatuses } from '../engine/state.js';
import { matchesQuery, type ExecutionQuery } from './executionFilter.js';
import type { ExecutionStore, StoredExecution } from './executionStore.js';

/** The embedded twin: one process, so a revision check and its write cannot interleave. */
export function createMemoryExecutionStore(): ExecutionStore {
  const rows = new Map<string, { execution: StoredExecution; writtenAt: number }>();
  const copy = (execution: StoredExecution): StoredExecution => structuredClone(execution);
  const newestFirst = (a: StoredExecution, b: StoredExecution): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const all = (): StoredExecution[] => [...rows.values()].map((row) => row.execution);
  const get = async (id: string): Promise<StoredExecution | null> => {
    const row = rows.get(id);
    return row ? copy(row.execution) : null;
  };
  const matching = (query: ExecutionQuery): StoredExecution[] => all().filter((e) => matchesQuery(e, query)).sort(newestFirst);

  return {
    async init() {},
    async insert(execution) {
      if (rows.has(execution.id)) throw new Error(`execution ${execution.id} exists`);
      const stored = { ...structuredClone(execution), revision: 1 };
      rows.set(execution.id, { execution: stored, writtenAt: Date.now() });
      return copy(stored);
    },
    get,
    // One process holds every execution: what it knows is current.
    peek: get,
    async replace(execution, expected) {
      const row = rows.get(execution.id);
      if (!row || row.execution.revision !== expected.revision) return null;
      const stored = { ...structuredClone(execution), revision: expected.revision + 1 };
      rows.set(execution.id, { execution: stored, writtenAt: Date.now() });
      return copy(stored);
    },
    async published(stored) {
      const row = rows.get(stored.id);
      if (row && row.execution.revision === stored.revision) row.execution = { ...row.execution, outbox: [] };
      return { ...stored, outbox: [] };
    },
    async latestForFlow(flowId) {
      const [latest] = matching({ orchestratedFlowId: flowId });
      return latest ? copy(latest) : null;
    },
    async list({ first, beforeId, ...query }) {
      return matching(query).filter((e) => beforeId === undefined || e.id < beforeId).slice(0, first).map(copy);
    },
    async count(query) {
      return matching(query).length;
    },
    async reopen() {},
    async withOutbox(olderThan, limit) {
      return [...rows.values()]
        .filter((row) => row.execution.outbox.length > 0 && row.writtenAt <= olderThan.getTime())
        .slice(0, limit)
        .map((row) => copy(row.execution));
    },
    async withDueDeadline(now, limit) {
      return all()
        .filter((e) => liveStatuses.has(e.status) && e.nextDeadline !== null && Date.parse(e.nextDeadline) <= now.getTime())
        .slice(0, limit)
        .map(copy);
    },
    async countByStatus() {
      const counts: Record<string, number> = {};
      for (const execution of all()) counts[execution.status] = (counts[execution.status] ?? 0) + 1;
      return counts;
    },
    async share() {},
    async flush() {},
    health: { name: 'executions', check: async () => undefined },
  };
}

export type { Execution };
