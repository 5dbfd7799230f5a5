import { AppError, correlationIdOf, CORRELATION_HEADER, currentContext, ErrorCode, type SubgraphName } from '@flow/platform';
import { Agent, request } from 'undici';

export type EntityData = Record<string, unknown>;

/**
 * Asks other subgraphs about entities through federation itself: the `_entities` field every
 * subgraph serves. One HTTP request per call, whatever the number of ids (batched).
 */
export interface FederationClient<T extends string = string> {
  /**
   * id -> the selected fields, or null when the subgraph does not know the id. Asks the
   * owner of `type` unless `subgraph` names another one (a referrer, for reverse fields).
   */
  entities(
    type: T,
    ids: readonly string[],
    selection: string,
    subgraph?: SubgraphName,
  ): Promise<Map<string, EntityData | null>>;
  close(): Promise<void>;
}

export interface FederationClientOptions<T extends string> {
  /** Read at call time: in tests and in the embedded process, ports are known only after listening. */
  urls: () => Readonly<Record<SubgraphName, string>>;
  timeoutMs: number;
  /** The subgraph that owns each entity type: asked unless a call names another. */
  owners: Readonly<Record<T, SubgraphName>>;
  /**
   * The `authorization` of this service's own calls (its ServiceCredentials): these reads are
   * the service's business (integrity checks, flow snapshots shared by every caller), so they
   * never run with, nor depend on, the credentials of the request that caused them.
   */
  authorization?: () => Promise<string | undefined>;
}

interface GraphQLResponse {
  data?: { _entities?: Array<EntityData | null> } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export function createFederationClient<T extends string>({ urls, timeoutMs, owners, authorization }: FederationClientOptions<T>): FederationClient<T> {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 32 });

  async function post(subgraph: SubgraphName, query: string, variables: unknown): Promise<GraphQLResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // A request's correlation id, else (a message being handled, as the orchestrator checking an event's sender) the one in the trace's baggage.
    const correlationId = currentContext()?.correlationId ?? correlationIdOf();
    if (correlationId) headers[CORRELATION_HEADER] = correlationId;
    const credential = await authorization?.();
    if (credential) headers.authorization = credential;
    const unavailable = (reason: string): AppError =>
      new AppError(ErrorCode.SERVICE_UNAVAILABLE, `The ${subgraph} subgraph cannot be reached: ${reason}`, {
        details: { subgraph },
      });
    // undici's request, not its fetch: these calls are on the path of every start and integrity
    // check, and fetch's WHATWG streams cost 2-3 times the CPU (measured on loopback with small
    // answers: 340 against 100-150 us per request, client and server together).
    try {
      const response = await request(urls()[subgraph], {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
        dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.statusCode < 200 || response.statusCode > 299) {
        await response.body.dump();
        throw unavailable(response.statusCode === 401 ? 'HTTP 401: it refused this service\'s credentials' : `HTTP ${response.statusCode}`);
      }
      return (await response.body.json()) as GraphQLResponse;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw unavailable(error instanceof Error ? error.message : String(error));
    }
  }

  return {
    async entities(type, ids, selection, subgraph = owners[type]) {
      const unique = [...new Set(ids)];
      const result = new Map<string, EntityData | null>();
      if (unique.length === 0) return result;
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { ${selection} } } }`;
      const body = await post(subgraph, query, { r: unique.map((id) => ({ __typename: type, id })) });
      const rows = body.data?._entities;
      if (!rows) {
        const first = body.errors?.[0];
        const code = first?.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_SERVER_ERROR;
        throw new AppError(code, `The ${subgraph} subgraph failed to resolve ${type} entities: ${first?.message ?? 'no data'}`);
      }
      unique.forEach((id, index) => result.set(id, rows[index] ?? null));
      return result;
    },
    close: () => dispatcher.close(),
  };
}
