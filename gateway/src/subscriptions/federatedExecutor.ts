import type { ApolloServer } from '@apollo/server';
import { ErrorCode } from '@flow/platform';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from '../subgraphDataSource.js';
import type { Variables } from './statusOperation.js';

/** Who asked: the connection's credentials go to the subgraphs as an HTTP request's would. */
export interface Credentials {
  correlationId: string;
  authorization?: string;
}

export interface FederatedRequest {
  query: string;
  variables: Variables;
  operationName?: string | undefined;
}

/** Runs one operation through the gateway itself (query planning, every subgraph). */
export type ExecuteFederated = (request: FederatedRequest, credentials: Credentials) => Promise<FormattedExecutionResult>;

/** In process, through Apollo Server: no HTTP hop, the same plans, plugins and data sources as `/graphql`. */
export function apolloExecutor(apollo: ApolloServer<GatewayContext>): ExecuteFederated {
  return async ({ query, variables, operationName }, credentials) => {
    const response = await apollo.executeOperation(
      { query, variables, ...(operationName ? { operationName } : {}) },
      { contextValue: { ...credentials } },
    );
    if (response.body.kind === 'single') return response.body.singleResult as FormattedExecutionResult;
    // Incremental delivery (@defer/@stream) is not something a status push can carry.
    return { errors: [{ message: 'Incremental delivery is not supported over subscriptions', extensions: { code: ErrorCode.BAD_USER_INPUT } }] };
  };
}
