import type { EntityDefinition } from '@flow/kit';
import type { EntitySubgraphName } from '@flow/platform';
import { addressDefinition } from '@flow/subgraph-address';
import { assignmentDefinition } from '@flow/subgraph-assignment';
import { deliveryDefinition } from '@flow/subgraph-delivery';
import { orchestratedFlowDefinition } from '@flow/subgraph-orchestrated-flow';
import { processorDefinition } from '@flow/subgraph-processor';
import { schemaDefinition } from '@flow/subgraph-schema';
import { stepDefinition } from '@flow/subgraph-step';
import { workflowDefinition } from '@flow/subgraph-workflow';

/** The eight entity declarations by subgraph: the gateway serves their REST routes. */
export const entityDefinitions: Readonly<Record<EntitySubgraphName, EntityDefinition>> = {
  schema: schemaDefinition,
  processor: processorDefinition,
  step: stepDefinition,
  workflow: workflowDefinition,
  'orchestrated-flow': orchestratedFlowDefinition,
  assignment: assignmentDefinition,
  address: addressDefinition,
  delivery: deliveryDefinition,
};
