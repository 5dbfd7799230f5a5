import { linkEntities } from '@flow/kit';
import { addressDefinition } from '@flow/subgraph-address';
import { assignmentDefinition } from '@flow/subgraph-assignment';
import { deliveryDefinition } from '@flow/subgraph-delivery';
import { orchestratedFlowDefinition } from '@flow/subgraph-orchestrated-flow';
import { processorDefinition } from '@flow/subgraph-processor';
import { schemaDefinition } from '@flow/subgraph-schema';
import { stepDefinition } from '@flow/subgraph-step';
import { workflowDefinition } from '@flow/subgraph-workflow';

/**
 * The eight entity declarations by subgraph, linked into one graph: each knows the relations
 * it stores (from its own declaration) and those that refer to it (from the others'). Every
 * manager, the gateway's REST routes and the generated SDL read them from here.
 */
export const entityDefinitions = linkEntities({
  schema: schemaDefinition,
  processor: processorDefinition,
  step: stepDefinition,
  workflow: workflowDefinition,
  'orchestrated-flow': orchestratedFlowDefinition,
  assignment: assignmentDefinition,
  address: addressDefinition,
  delivery: deliveryDefinition,
});
