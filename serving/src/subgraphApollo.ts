import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { apolloLimitOptions, createFormatError, observabilityPlugin, READ_ROLES, type Config, type Logger, type Metrics } from '@flow/platform';
import type { DocumentNode, GraphQLFieldResolver, GraphQLScalarType } from 'graphql';
import { requiresScopesPlugin } from './requiresScopes.js';

/**
 * Resolvers by type name and field name, as `buildSubgraphSchema` takes them (its
 * GraphQLResolverMap, which @apollo/subgraph does not export): a scalar, or fields (and
 * `__resolveReference` / `__resolveType`) mapped to their resolvers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parents and contexts vary by type; each resolver types its own
type AnyResolver = GraphQLFieldResolver<any, any>;
export type ResolverMap = Record<string, GraphQLScalarType | Record<string, AnyResolver>>;

/**
 * An Apollo subgraph server as every subgraph of the platform runs it (the eight entity
 * managers and the orchestrator): errors formatted once, no inline traces, metrics and logs
 * per operation, the operation limits of the gateway (a direct caller gets the same refusals),
 * and, with authentication on, the `@requiresScopes` of its SDL enforced on every operation (a
 * root field without one, `_entities` say, needs a read role). Started, not mounted.
 */
export async function startSubgraphApollo<C extends BaseContext>(options: {
  config: Readonly<Config>;
  logger: Logger;
  metrics: Metrics;
  typeDefs: DocumentNode;
  resolvers: ResolverMap;
}): Promise<ApolloServer<C>> {
  const { config, logger, metrics } = options;
  const limits = apolloLimitOptions<C>(config.limits.graphql, config.env);
  const apollo = new ApolloServer<C>({
    schema: buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers }),
    // Our configuration, not the raw environment, decides introspection and error detail.
    nodeEnv: config.env,
    // Apollo's default, stated so it cannot be lost: a GET or POST with no Content-Type or a form or
    // text one, and without `apollo-require-preflight` / `x-apollo-operation-name`, is refused (400).
    csrfPrevention: true,
    // Shutdown is the process's job (onShutdown), not each server's.
    stopOnTerminationSignals: false,
    formatError: createFormatError({ exposeDetails: config.env !== 'production' }),
    includeStacktraceInErrorResponses: config.env === 'development',
    ...limits,
    // Cache-control hints are unused and cost ~7-10% CPU per field-heavy answer (bench/README.md).
    plugins: [
      ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), observabilityPlugin(metrics, logger), ...limits.plugins,
      ...(config.auth.required ? [requiresScopesPlugin({ defaultRootScopes: READ_ROLES.map((role) => [role]) })] : []),
    ],
  });
  await apollo.start();
  return apollo;
}
