import type { Server } from 'node:http';
import { ANONYMOUS, AppError, ErrorCode, type Authenticator, type Bus, type Logger, type Metrics, type SubscriptionConfig, type WebSocketLimitsConfig } from '@flow/platform';
import { CloseCode, type OperationResult, type ServerOptions } from 'graphql-ws';
import type { FormattedExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { edgeError, graphql } from './graphqlRealm.js';
import { admitConnection, type ConnectionParams } from './connectionCredentials.js';
import type { Credentials, ExecuteFederated } from './federatedExecutor.js';
import { createFlowFanout, type FlowFanout, type Subscriber } from './flowFanout.js';
import { createStatusFeed } from './statusFeed.js';
import { rateLimited, type RateLimiter } from '../limits/rateLimiter.js';
import type { Safelist } from '../limits/safelist.js';
import { prepareOperation, type OperationLimits, type OperationRequest } from './statusOperation.js';
import { runStateOf, StatusStream } from './statusStream.js';
import { createSubscriptionMetrics, type SubscriptionMetrics } from './subscriptionMetrics.js';
import type { WsAdmission } from './wsAdmission.js';
import { serveGraphqlWs, SLOW_CONSUMER, type SocketExtra, type WsTransport } from './wsTransport.js';

export interface SubscriptionEdgeOptions {
  config: Readonly<SubscriptionConfig>;
  /** With authentication on, a connection must present a valid token in `connection_init` (closed with 4401 otherwise). */
  authenticator: Authenticator;
  /** The abuse limits of the edge (README "Limits"). */
  guard: EdgeGuard;
  logger: Logger;
  metrics: Metrics;
  /** The bus the orchestrators broadcast `OrchestrationStatusChanged` on. */
  bus: Bus;
  /** The supergraph's API schema, once the gateway loaded it. */
  schema: () => GraphQLSchema | undefined;
  execute: ExecuteFederated;
}

/** What the edge refuses: upgrades (admission), subscribe messages over the rate, operations over the limits or off the safelist, slow consumers. */
export interface EdgeGuard {
  admission: WsAdmission;
  rateLimiter: RateLimiter;
  operationLimits: OperationLimits;
  /** GRAPHQL_PERSISTED_QUERIES=safelist: only its operations are subscribed to or run. */
  safelist?: Safelist | undefined;
  websocket: Readonly<WebSocketLimitsConfig>;
}

export interface SubscriptionEdge {
  /** Serves graphql-ws on the server's `/graphql`, beside HTTP. */
  attach(server: Server): void;
  /** Closes every socket with 1001 and leaves the status exchange; idempotent. */
  close(): Promise<void>;
}

/** What `onSubscribe` hands to graphql-ws's `subscribe`/`execute`. */
type EdgeContext = { stream: StatusStream } | { single: OperationRequest; credentials: Credentials };
type Extra = SocketExtra<Credentials>;

const FLOW_EXISTS = 'query FlowExists($id: ID!) { orchestratedFlow(id: $id) { id } }';
const asErrors = (errors: readonly GraphQLFormattedError[]): GraphQLError[] =>
  errors.map((error) => new graphql.GraphQLError(error.message, { path: error.path, extensions: error.extensions }));
/** Close reasons are limited to 123 bytes by the WebSocket protocol. */
const closeReason = (reason: string): string => Buffer.from(reason).subarray(0, 123).toString('utf8');

/** A connection lives no longer than its token: at `exp` it is closed with 4401, and the client reconnects with a fresh one. */
function closeAtExpiry(socket: SocketExtra<Credentials>['socket'], expiresAt: number | undefined): void {
  if (expiresAt === undefined) return;
  const timer = setTimeout(() => socket.close(CloseCode.Unauthorized, 'UNAUTHENTICATED: token expired'), Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1));
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** The state of the run right now, offered to the stream; errors when it cannot be followed at all. */
async function sendCurrentState(subscriber: Subscriber, execute: ExecuteFederated): Promise<GraphQLError[] | undefined> {
  const { operation, credentials, stream } = subscriber;
  const current = await execute({ query: operation.currentQuery, variables: operation.variables, operationName: operation.operationName }, credentials);
  if (runStateOf(current, operation.responseKey)) return void stream.offer(current);
  if (current.errors?.length) return asErrors(current.errors);
  // No run yet: fine for an existing flow (its first run will be pushed), an error for an unknown one.
  const exists = await execute({ query: FLOW_EXISTS, variables: { id: operation.flowId } }, credentials);
  if (exists.errors?.length) return asErrors(exists.errors);
  if (!(exists.data as { orchestratedFlow?: unknown } | null | undefined)?.orchestratedFlow) {
    return [edgeError(new AppError(ErrorCode.NOT_FOUND, `Orchestrated flow ${operation.flowId} does not exist`, { details: { id: operation.flowId } }))];
  }
  return undefined;
}

/** The gateway's executor, counting the federated queries the edge issues by reason. */
const countedExecute = (options: SubscriptionEdgeOptions, metrics: SubscriptionMetrics, reason: string): ExecuteFederated => (request, credentials) => {
  metrics.queries.inc({ reason });
  return options.execute(request, credentials);
};

/** Registers a subscriber, then offers it the current state; errors (unknown flow, ...) when it cannot be followed. */
async function openStatusStream(
  request: Omit<Subscriber, 'stream'>, fanout: FlowFanout, metrics: SubscriptionMetrics, execute: ExecuteFederated, logger: Logger,
  bound: { maxQueued: number; onOverflow: () => void },
): Promise<StatusStream | GraphQLError[]> {
  let remove = (): void => undefined;
  const stream = new StatusStream(request.operation.responseKey, () => {
    remove();
    metrics.active.dec();
  }, () => metrics.delivered.inc(), bound);
  const subscriber: Subscriber = { ...request, stream };
  // Listen before reading the current state, so that no change falls between the two.
  remove = fanout.add(subscriber);
  metrics.active.inc();
  const errors = await sendCurrentState(subscriber, execute).catch((error: unknown) => {
    logger.error({ err: error }, 'reading the current orchestration status failed');
    return [edgeError(new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'The orchestration status could not be read'))];
  });
  if (!errors) return stream;
  stream.end();
  return errors;
}

/**
 * The document a subscribe message runs (the manifest's, for a safelisted hash), or its refusal:
 * over the caller's rate (RATE_LIMITED), off the safelist (BAD_USER_INPUT).
 */
function guardSubscribe(guard: EdgeGuard, extra: Extra, payload: OperationRequest & { extensions?: unknown }): string | AppError {
  const verdict = guard.rateLimiter.take(guard.rateLimiter.callerOf(extra.request, extra.user));
  if (!verdict.allowed) return rateLimited(verdict);
  return guard.safelist ? guard.safelist.resolve(payload) : payload.query;
}

function graphqlWsOptions(options: SubscriptionEdgeOptions, fanout: FlowFanout, metrics: SubscriptionMetrics): ServerOptions<ConnectionParams, Extra> {
  const { config, logger } = options;
  const counted = (reason: string): ExecuteFederated => countedExecute(options, metrics, reason);
  return {
    connectionInitWaitTimeout: config.connectionInitTimeoutMs,
    async onConnect(ctx) {
      const admission = await admitConnection(ctx.connectionParams, ctx.extra.request, options.authenticator);
      if (!admission.accepted) {
        // Closed here with 4401 and the reason; graphql-ws's own 4403 for `false` then finds it closing.
        ctx.extra.socket.close(CloseCode.Unauthorized, closeReason(admission.reason));
        return false;
      }
      ctx.extra.connection = admission.credentials;
      closeAtExpiry(ctx.extra.socket, admission.principal.expiresAt);
      if (admission.principal.user !== ANONYMOUS) ctx.extra.user = admission.principal.user;
      metrics.connections.inc();
      return true;
    },
    onDisconnect: () => void metrics.connections.dec(),
    async onSubscribe(ctx, _id, payload) {
      // graphql-ws registered this subscription already: the count includes it.
      if (Object.keys(ctx.subscriptions).length > config.maxPerConnection) {
        const reason = `Too many subscriptions: at most ${config.maxPerConnection} per connection`;
        ctx.extra.socket.close(CloseCode.BadRequest, reason);
        return [new graphql.GraphQLError(reason, { extensions: { code: ErrorCode.BAD_USER_INPUT } })];
      }
      const query = guardSubscribe(options.guard, ctx.extra, payload);
      if (typeof query !== 'string') return [edgeError(query)];
      payload = { ...payload, query };
      const schema = options.schema();
      if (!schema) return [edgeError(new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The supergraph is not loaded yet'))];
      const credentials = ctx.extra.connection as Credentials;
      const prepared = prepareOperation(schema, payload, options.guard.operationLimits);
      if (prepared.kind === 'invalid') return prepared.errors;
      const args = { schema, document: prepared.document, operationName: payload.operationName, variableValues: payload.variables };
      if (prepared.kind === 'single') return { ...args, contextValue: { single: payload, credentials } satisfies EdgeContext };
      const { socket } = ctx.extra;
      const maxQueued = options.guard.websocket.maxQueuedResults;
      const onOverflow = (): void => socket.close(SLOW_CONSUMER, `Slow consumer: more than ${maxQueued} results waiting`);
      const opened = await openStatusStream({ operation: prepared.operation, credentials }, fanout, metrics, counted('current'), logger, { maxQueued, onOverflow });
      if (Array.isArray(opened)) return opened;
      return { ...args, contextValue: { stream: opened } satisfies EdgeContext };
    },
    // graphql-ws types results as ExecutionResult; ours are formatted ones, passed through by onNext.
    subscribe: (args) => (args.contextValue as { stream: StatusStream }).stream as unknown as OperationResult,
    execute: (args) => {
      const { single, credentials } = args.contextValue as { single: OperationRequest; credentials: Credentials };
      const request = { query: single.query, variables: single.variables ?? {}, operationName: single.operationName ?? undefined };
      return counted('operation')(request, credentials) as unknown as OperationResult;
    },
    // Results are already formatted by the gateway (codes, no stack traces): send them as they are.
    onNext: (_ctx, _id, _payload, _args, result) => result as FormattedExecutionResult,
  };
}

/** The graphql-ws edge of live orchestration status (DESIGN.md sections 1 and 5). */
export async function createSubscriptionEdge(options: SubscriptionEdgeOptions): Promise<SubscriptionEdge> {
  const metrics = createSubscriptionMetrics(options.metrics);
  // The feed tells of a gap before the fanout exists: the fanout is bound to it right below.
  let resync = (): void => undefined;
  const feed = await createStatusFeed(options.bus, options.logger, () => resync());
  const fanout = createFlowFanout({
    feed, logger: options.logger, coalesceMs: options.config.coalesceMs, onChange: () => metrics.changes.inc(), execute: countedExecute(options, metrics, 'change'),
  });
  resync = () => fanout.resync();
  const transports: WsTransport[] = [];
  let closing: Promise<void> | undefined;
  return {
    attach(server) {
      const { maxPayloadBytes, keepAliveMs } = options.config;
      const { admission, websocket } = options.guard;
      transports.push(serveGraphqlWs(graphqlWsOptions(options, fanout, metrics), {
        server, path: '/graphql', maxPayloadBytes, keepAliveMs, admit: (request) => admission.admit(request), maxBufferedBytes: websocket.maxBufferedBytes, logger: options.logger,
      }));
    },
    close() {
      closing ??= (async () => {
        await Promise.all(transports.map((transport) => transport.close()));
        fanout.close();
        await feed.close();
      })();
      return closing;
    },
  };
}
