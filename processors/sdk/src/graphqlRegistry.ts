import { randomUUID } from 'node:crypto';
import { AppError, CORRELATION_HEADER, ErrorCode, type Logger } from '@flow/platform';
import type { ProcessorRegistry, RegisteredProcessor, RegisteredSchema } from './registration.js';

export interface GraphqlRegistryOptions {
  /** The gateway's GraphQL endpoint (config `processor.gatewayUrl`). */
  url: string;
  logger: Logger;
  /** How long to keep trying while the gateway cannot be reached (it may still be starting). Default 30 s. */
  unreachableForMs?: number;
  /** Deadline of one request. Default 10 s. */
  requestTimeoutMs?: number;
  /** The processor's service credential (`Bearer <JWT>`, role processor), when authentication is on. */
  authorization?: () => Promise<string | undefined>;
}

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

const codes = new Set<string>(Object.values(ErrorCode));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SCHEMA_FIELDS = 'id definition';
const PROCESSOR_FIELDS = 'id inputSchemaId outputSchemaId implementationHash';

/** The registry through the gateway's GraphQL API, as any client would use it. */
export function createGraphqlRegistry(options: GraphqlRegistryOptions): ProcessorRegistry {
  const { url, logger } = options;
  const unreachableForMs = options.unreachableForMs ?? 30_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;

  async function post(query: string, variables: Record<string, unknown>): Promise<GraphqlBody> {
    const giveUpAt = Date.now() + unreachableForMs;
    for (let wait = 200; ; wait = Math.min(wait * 2, 5_000)) {
      let response: Response;
      const credential = await options.authorization?.();
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [CORRELATION_HEADER]: randomUUID(), ...(credential ? { authorization: credential } : {}) },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
      } catch (error) {
        if (Date.now() + wait > giveUpAt) {
          throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Cannot register at ${url}: ${(error as Error).message}`, { cause: error });
        }
        logger.warn({ err: error, url, retryInMs: wait }, 'gateway unreachable; registration will try again');
        await sleep(wait);
        continue;
      }
      if (response.status === 401) {
        await response.arrayBuffer();
        throw new AppError(ErrorCode.UNAUTHENTICATED, `${url} requires authentication${credential ? ' and refused this processor\'s token' : ''}: give the processor AUTH_SERVICE_TOKEN (a JWT with role processor and claim processor), or AUTH_JWT_SECRET`);
      }
      // Answered, but not GraphQL (a wrong URL, a proxy error): trying again will not help.
      return (await response.json().catch(() => {
        throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `${url} answered HTTP ${response.status} without a GraphQL body: is it the gateway?`);
      })) as GraphqlBody;
    }
  }

  async function request<T>(field: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const body = await post(query, variables);
    const first = body.errors?.[0];
    if (first) {
      const code = first.extensions?.code;
      throw new AppError(code && codes.has(code) ? (code as ErrorCode) : ErrorCode.INTERNAL_SERVER_ERROR, `${field}: ${first.message}`);
    }
    return body.data?.[field] as T;
  }

  return {
    schemaByKey: (version, name) =>
      request<RegisteredSchema | null>('schemaByKey', `query($version: String!, $name: String!) { schemaByKey(version: $version, name: $name) { ${SCHEMA_FIELDS} } }`, { version, name }),
    createSchema: (input) =>
      request<RegisteredSchema>('createSchema', `mutation($input: CreateSchemaInput!) { createSchema(input: $input) { ${SCHEMA_FIELDS} } }`, { input }),
    processorByKey: (version, name) =>
      request<RegisteredProcessor | null>('processorByKey', `query($version: String!, $name: String!) { processorByKey(version: $version, name: $name) { ${PROCESSOR_FIELDS} } }`, { version, name }),
    createProcessor: (input) =>
      request<RegisteredProcessor>('createProcessor', `mutation($input: CreateProcessorInput!) { createProcessor(input: $input) { ${PROCESSOR_FIELDS} } }`, { input }),
    setImplementationHash: (id, implementationHash) =>
      request<RegisteredProcessor>(
        'updateProcessor',
        `mutation($id: ID!, $input: UpdateProcessorInput!) { updateProcessor(id: $id, input: $input) { ${PROCESSOR_FIELDS} } }`,
        { id, input: { implementationHash } },
      ),
  };
}
