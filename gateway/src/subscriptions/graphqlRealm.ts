import { createRequire } from 'node:module';
import type { AppError } from '@flow/platform';
import type { GraphQLError } from 'graphql';

/**
 * The `graphql` instance that @apollo/gateway and graphql-ws load: its CommonJS build, which
 * is what Node resolves. A test runner resolves our own `import 'graphql'` to the ES module
 * build, a second realm whose schema and error objects fail their `instanceof` checks; so
 * everything the edge exchanges with them (the API schema, GraphQLErrors) comes from here.
 */
export const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

/** An AppError as a GraphQLError of that realm (graphql-ws sends only those as `error` messages). */
export function edgeError(error: AppError): GraphQLError {
  return new graphql.GraphQLError(error.message, { extensions: { code: error.code, ...(error.details ? { details: error.details } : {}) } });
}
