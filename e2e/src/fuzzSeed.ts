import { createAddress, createAssignment, createDelivery, createFlow, createProcessor, createSchema, createStep, createWorkflow } from './fixtures.js';
import type { GraphQLClient } from './harness.js';

/**
 * What the fuzzer may put where the API wants an existing entity or a JSON text the server
 * parses: a named list of values (a Schemathesis "dictionary"). The document cannot say which
 * ids exist; these lists say it for one run.
 */
export type FuzzDictionaries = Readonly<Record<string, readonly string[]>>;

/** JSON Schemas that accept every JSON value, so any payload below is valid against them. */
const permissiveSchemas = ['{}', '{"title":"anything"}', '{"description":"any JSON value","$comment":"fuzz"}'];
const payloads = ['{}', '[]', '"text"', '42', 'null', 'true', '{"path":"a.json","size":3,"tags":["x","y"]}'];
const crons = ['*/5 * * * *', '0 0 * * *', '0 30 9 * * MON-FRI', '15 10 1 * ?'];

/**
 * Seeds the entities the fuzzer's requests refer to, and anchors that keep them alive: every
 * target in a dictionary is referenced by an anchor whose id is in no dictionary, so the
 * fuzzer (which only finds ids through the dictionaries) can neither delete a target nor
 * replace the anchor's references; a random GUID hitting an anchor is a 2^-122 chance. Only
 * the orchestrated flow, which nothing may reference, can be deleted, and then answers 404.
 * All steps use `processorId`, a processor that runs (its heartbeat is live), so starting the
 * flow succeeds.
 */
export async function seedFuzzTargets(client: GraphQLClient, processorId: string): Promise<FuzzDictionaries> {
  const schemas = [await createSchema(client, { definition: permissiveSchemas[0] }), await createSchema(client, { definition: permissiveSchemas[1] })];
  const [schemaA, schemaB] = schemas as [string, string];
  const steps = [await createStep(client, processorId), await createStep(client, processorId, [], { entryCondition: 'ALWAYS' })];
  const workflowId = await createWorkflow(client, steps);
  const addressId = await createAddress(client, schemaA, { payload: '{"path":"in.json"}' });
  const deliveryId = await createDelivery(client, schemaB, { payload: '{"size":3}' });
  const assignmentId = await createAssignment(client, steps[0] as string, [addressId, deliveryId]);
  const flowId = await createFlow(client, workflowId, [assignmentId]);

  // Anchors: referenced by nothing the fuzzer knows, referring to every target above.
  await createProcessor(client, schemaA, schemaB);
  const anchorStep = await createStep(client, processorId, steps);
  await createAssignment(client, anchorStep, [addressId, deliveryId]);
  await createFlow(client, workflowId, [assignmentId]);

  return {
    Schema: schemas,
    Processor: [processorId],
    Step: steps,
    Workflow: [workflowId],
    Assignment: [assignmentId],
    Address: [addressId],
    Delivery: [deliveryId],
    AddressOrDelivery: [addressId, deliveryId],
    OrchestratedFlow: [flowId],
    JsonSchemaText: permissiveSchemas,
    JsonText: payloads,
    Cron: crons,
  };
}
