import { pathToFileURL } from 'node:url';
import { fetch } from 'undici';

/** What `npm start` prints about the demo flow it ensures. */
export interface DemoFlow {
  flowId: string;
  directory: string;
}

/** `Bearer <JWT>` of the launcher's own identity (editor), when authentication is on. */
type Authorization = () => Promise<string | undefined>;

async function graphql<T>(url: string, authorization: Authorization, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const credential = await authorization();
  const headers = { 'content-type': 'application/json', ...(credential ? { authorization: credential } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(`demo setup failed: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data as T;
}

async function ensureEntity(url: string, authorization: Authorization, type: string, single: string, key: Record<string, string>, input: Record<string, unknown>): Promise<string> {
  const args = Object.keys(key).map((name) => `${name}: $${name}`).join(', ');
  const defs = Object.keys(key).map((name) => `$${name}: String!`).join(', ');
  const found = await graphql<Record<string, { id: string } | null>>(url, authorization, `query(${defs}) { ${single}ByKey(${args}) { id } }`, key);
  if (found[`${single}ByKey`]) return (found[`${single}ByKey`] as { id: string }).id;
  const created = await graphql<Record<string, { id: string }>>(url, authorization, `mutation($input: Create${type}Input!) { create${type}(input: $input) { id } }`, { input: { ...key, ...input } });
  return (created[`create${type}`] as { id: string }).id;
}

/**
 * A ready-to-run flow (idempotent across restarts on MongoDB): EchoProcessor echoes the
 * input and a delivery's payload, then FileProcessor writes both into `directory` (inside its root).
 */
export async function ensureDemoFlow(
  gatewayUrl: string, processorIds: { echo: string; file: string }, directory: string, authorization: Authorization = async () => undefined,
): Promise<DemoFlow> {
  const version = 'demo';
  const ensure = (type: string, single: string, key: Record<string, string>, input: Record<string, unknown>) => ensureEntity(gatewayUrl, authorization, type, single, key, input);
  const schemaId = await ensure('Schema', 'schema', { version, name: 'demo-payload' }, {
    definition: JSON.stringify({ type: 'object', properties: { greeting: { type: 'string' } } }),
  });
  const fileStep = await ensure('Step', 'step', { version, name: 'demo-write-files' }, { processorId: processorIds.file });
  const echoStep = await ensure('Step', 'step', { version, name: 'demo-echo' }, { processorId: processorIds.echo, nextStepIds: [fileStep] });
  const workflowId = await ensure('Workflow', 'workflow', { version, name: 'demo-workflow' }, { stepIds: [echoStep, fileStep] });
  const deliveryId = await ensure('Delivery', 'delivery', { version, name: 'demo-greeting' }, { schemaId, payload: JSON.stringify({ greeting: 'hello' }) });
  const addressId = await ensure('Address', 'address', { version, name: 'demo-output', connectionString: pathToFileURL(directory).href }, { schemaId });
  const echoAssignment = await ensure('Assignment', 'assignment', { version, name: 'demo-echo-data' }, { stepId: echoStep, entityIds: [deliveryId] });
  const fileAssignment = await ensure('Assignment', 'assignment', { version, name: 'demo-file-target' }, { stepId: fileStep, entityIds: [addressId] });
  const flowId = await ensure('OrchestratedFlow', 'orchestratedFlow', { version, name: 'demo-flow' }, {
    workflowId, assignmentIds: [echoAssignment, fileAssignment],
  });
  return { flowId, directory };
}
