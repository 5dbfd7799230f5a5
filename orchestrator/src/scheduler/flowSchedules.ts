import { AppError, CORRELATION_HEADER, currentContext, ErrorCode, type SubgraphName } from '@flow/platform';
import type { FederationClient } from '@flow/kit';
import type { Json } from '@flow/protocol';
import type { ScheduledFlow } from './scheduleTable.js';

/** A flow's schedule as stored by the orchestrated-flow subgraph. */
export interface FlowSchedule {
  cronExpression: string | null;
  isScheduleEnabled: boolean;
  /** The flow's limit of concurrent runs: with one, fires go through it (queued or refused) instead of the overlap rule. */
  maxConcurrentRuns?: number | null;
  /** The input of the runs it starts (scheduleInput, parsed); null without one. */
  scheduleInput?: Json;
}

/** The schedules of the stored flows, read and changed through the orchestrated-flow subgraph. */
export interface FlowSchedules {
  /** Every flow with a cron expression and an enabled schedule (all pages). */
  listEnabled(): Promise<ScheduledFlow[]>;
  /** One flow's schedule, or null when the flow does not exist. */
  read(flowId: string): Promise<FlowSchedule | null>;
  /** Turns the flow's schedule off (updateOrchestratedFlow); answers whether it was on. */
  disable(flowId: string): Promise<boolean>;
}

export interface FlowSchedulesOptions {
  federation: FederationClient;
  urls: () => Readonly<Record<SubgraphName, string>>;
  /** The orchestrator's own credential (role scheduler turns a schedule off), never the caller's: an operator may stop a run, not edit its flow. */
  authorization?: () => Promise<string | undefined>;
  timeoutMs: number;
}

const PAGE_SIZE = 100;
const listQuery = `query($first: Int!, $after: String) {
  orchestratedFlows(first: $first, after: $after, filter: { isScheduleEnabled: true }) { nodes { id cronExpression isScheduleEnabled } pageInfo { hasNextPage endCursor } }
}`;
const disableMutation = 'mutation($id: ID!) { updateOrchestratedFlow(id: $id, input: { isScheduleEnabled: false }) { id } }';

interface Page {
  nodes: Array<{ id: string; cronExpression: string | null; isScheduleEnabled: boolean }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export function createFlowSchedules({ federation, urls, authorization, timeoutMs }: FlowSchedulesOptions): FlowSchedules {
  const owner: SubgraphName = 'orchestrated-flow';

  /** One GraphQL operation on the owner, as the orchestrator (with the caller's correlation id). */
  async function request<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const context = currentContext();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context) headers[CORRELATION_HEADER] = context.correlationId;
    const credential = await authorization?.();
    if (credential) headers.authorization = credential;
    let body: { data?: T | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    try {
      const response = await fetch(urls()[owner], { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `The ${owner} subgraph cannot be reached: ${(error as Error).message}`, { details: { subgraph: owner } });
    }
    const [first] = body.errors ?? [];
    if (first || !body.data) {
      const code = Object.values(ErrorCode).find((known) => known === first?.extensions?.code) ?? ErrorCode.INTERNAL_SERVER_ERROR;
      throw new AppError(code, first?.message ?? `The ${owner} subgraph answered no data`);
    }
    return body.data;
  }

  async function read(flowId: string): Promise<FlowSchedule | null> {
    const flow = (await federation.entities('OrchestratedFlow', [flowId], 'cronExpression isScheduleEnabled maxConcurrentRuns scheduleInput')).get(flowId);
    if (!flow) return null;
    return {
      cronExpression: (flow.cronExpression as string | null) ?? null,
      isScheduleEnabled: flow.isScheduleEnabled === true,
      maxConcurrentRuns: (flow.maxConcurrentRuns as number | null) ?? null,
      scheduleInput: typeof flow.scheduleInput === 'string' ? (JSON.parse(flow.scheduleInput) as Json) : null,
    };
  }

  return {
    async listEnabled() {
      const enabled: ScheduledFlow[] = [];
      let after: string | null = null;
      do {
        const { orchestratedFlows: page }: { orchestratedFlows: Page } = await request(listQuery, { first: PAGE_SIZE, after });
        for (const node of page.nodes) {
          if (node.isScheduleEnabled && node.cronExpression) enabled.push({ id: node.id, cronExpression: node.cronExpression });
        }
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return enabled;
    },

    read,

    async disable(flowId) {
      const schedule = await read(flowId);
      if (!schedule?.isScheduleEnabled) return false;
      await request(disableMutation, { id: flowId });
      return true;
    },
  };
}
