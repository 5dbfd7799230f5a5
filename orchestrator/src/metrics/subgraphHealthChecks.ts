import { entitySubgraphNames, graphqlHealthCheck, type HealthCheck, type SubgraphName } from '@flow/platform';

/**
 * The entity subgraphs a start reads its flow from, as non-critical checks: while one is down
 * no flow can start, but running executions go on, so the orchestrator is Degraded.
 */
export function subgraphHealthChecks(urls: () => Readonly<Record<SubgraphName, string>>, authorization?: () => Promise<string | undefined>): HealthCheck[] {
  return entitySubgraphNames.map((name) => graphqlHealthCheck(`subgraph:${name}`, () => urls()[name], false, authorization));
}
