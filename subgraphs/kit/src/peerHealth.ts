import { graphqlHealthCheck, type EntitySubgraphName, type HealthCheck, type SubgraphName } from '@flow/platform';
import type { EntityDefinition } from './defineEntity.js';
import { ownerOf } from './domain.js';

/**
 * The subgraphs an entity manager calls through federation: the owners of what its entities
 * reference (existence checks) and of what references them (delete protection). Their checks
 * are non-critical: the manager still serves reads while a peer is down, so it is Degraded.
 */
export function peerHealthChecks(
  definition: EntityDefinition, self: EntitySubgraphName, urls: () => Readonly<Record<SubgraphName, string>>, authorization?: () => Promise<string | undefined>,
): HealthCheck[] {
  const peers = new Set<EntitySubgraphName>([
    ...definition.outgoing.flatMap((relation) => relation.to.map((to) => ownerOf[to])),
    ...definition.incoming.map((relation) => ownerOf[relation.from]),
  ]);
  peers.delete(self);
  return [...peers].sort().map((peer) => graphqlHealthCheck(`subgraph:${peer}`, () => urls()[peer], false, authorization));
}
