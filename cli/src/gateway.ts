import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { CliError } from './errors.js';

export interface GatewayOptions {
  /** The gateway's base URL (http://host:port) or its /graphql endpoint. */
  gateway: string;
  /** Sent as `Authorization: Bearer <token>` on HTTP and in the graphql-ws connectionParams. */
  token?: string | undefined;
}

export interface Gateway {
  readonly endpoint: string;
  /** The data of a query or mutation; a GraphQL error becomes a CliError with its code. */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Calls `next` with each result until the subscription completes (resolves) or fails (rejects). */
  subscribe<T>(query: string, variables: Record<string, unknown>, next: (data: T) => void): Promise<void>;
  close(): Promise<void>;
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

function refusal(errors: readonly GraphQLError[]): CliError {
  const first = errors[0];
  return new CliError(first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', errors.map((error) => error.message).join('; '));
}

/** A client of the gateway over GraphQL-over-HTTP and graphql-ws (for subscriptions), opened lazily. */
export function connectGateway(options: GatewayOptions): Gateway {
  const endpoint = options.gateway.replace(/\/+$/, '').replace(/(\/graphql)?$/, '/graphql');
  const authorization = options.token ? `Bearer ${options.token}` : undefined;
  let ws: Client | undefined;

  async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new CliError('GATEWAY_UNREACHABLE', `cannot reach the gateway at ${endpoint} (${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}); is it running (npm start)?`);
    }
    const body = (await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status} without a GraphQL body` }] }))) as { data?: T; errors?: GraphQLError[] };
    if (body.errors?.length) throw refusal(body.errors);
    return body.data as T;
  }

  function subscribe<T>(query: string, variables: Record<string, unknown>, next: (data: T) => void): Promise<void> {
    ws ??= createClient({
      url: endpoint.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: authorization ? { authorization } : {},
    });
    const client = ws;
    return new Promise((resolve, reject) => {
      client.subscribe<T>({ query, variables }, {
        next: (result) => {
          if (result.errors?.length) reject(refusal(result.errors as GraphQLError[]));
          else if (result.data) next(result.data as T);
        },
        error: (error) => reject(Array.isArray(error) ? refusal(error as GraphQLError[]) : new CliError('GATEWAY_UNREACHABLE', `the subscription ended: ${describeClose(error)}`)),
        complete: resolve,
      });
    });
  }

  return { endpoint, request, subscribe, close: async () => void (await ws?.dispose()) };
}

function describeClose(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const { code, reason } = error as { code: number; reason?: string };
    return `closed with ${code}${reason ? ` (${reason})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
