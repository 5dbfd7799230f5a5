import { Agent, request } from 'undici';

export interface GraphQLAnswer {
  status: number;
  /** The raw body: load phases compare its size instead of parsing megabytes per request. */
  bytes: number;
  text: string;
}

/**
 * A GraphQL-over-HTTP client on its own keep-alive pool, the same for both gateways so the
 * client's cost cancels out of the comparison.
 */
export function createGraphQLHttp(connections: number, authorization?: string) {
  const dispatcher = new Agent({ connections, keepAliveTimeout: 30_000, pipelining: 1 });
  // With authentication on (benchAuth.ts), every request carries the bench's token.
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };

  async function post(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer> {
    const response = await request(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      dispatcher,
    });
    const text = await response.body.text();
    return { status: response.statusCode, bytes: Buffer.byteLength(text), text };
  }

  /** The data of a successful operation; throws with the errors otherwise. */
  async function data<T = Record<string, unknown>>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
    const answer = await post(url, query, variables);
    const body = JSON.parse(answer.text) as { data?: T; errors?: unknown[] };
    if (answer.status !== 200 || body.errors?.length || !body.data) {
      throw new Error(`GraphQL request failed (HTTP ${answer.status}): ${answer.text.slice(0, 500)}`);
    }
    return body.data;
  }

  return { post, data, close: () => dispatcher.close() };
}

export type GraphQLHttp = ReturnType<typeof createGraphQLHttp>;
