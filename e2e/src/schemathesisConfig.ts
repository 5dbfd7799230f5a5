import type { FuzzDictionaries } from './fuzzSeed.js';

/** Body field (Schemathesis binding path) -> the dictionary its values come from. */
const bodyBindings: Readonly<Record<string, string>> = {
  'body.schemaId': 'Schema',
  'body.inputSchemaId': 'Schema',
  'body.outputSchemaId': 'Schema',
  'body.processorId': 'Processor',
  'body.stepId': 'Step',
  'body.stepIds[*]': 'Step',
  'body.nextStepIds[*]': 'Step',
  'body.workflowId': 'Workflow',
  'body.assignmentIds[*]': 'Assignment',
  'body.entityIds[*]': 'AddressOrDelivery',
  'body.definition': 'JsonSchemaText',
  'body.payload': 'JsonText',
  'body.scheduleInput': 'JsonText',
  'body.cronExpression': 'Cron',
};

/** The same bindings for the GraphQL inputs (`<Type>.<field>.<argument path>`, `*` for any). */
const graphqlBindings: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(bodyBindings).map(([path, dictionary]) => [`Mutation.*.input.${path.slice('body.'.length)}`, dictionary]),
);

/** Path parameter -> dictionary, per operation path (a regex). */
const pathBindings: ReadonlyArray<{ pathRegex: string; parameter: string; dictionary: string }> = [
  ...['Schema', 'Processor', 'Step', 'Workflow', 'OrchestratedFlow', 'Assignment', 'Address', 'Delivery'].map((type) => ({
    pathRegex: `^/api/${type}/\\{id\\}$`, parameter: 'path.id', dictionary: type,
  })),
  { pathRegex: '^/api/Orchestration/', parameter: 'path.orchestratedFlowId', dictionary: 'OrchestratedFlow' },
];

// TOML basic strings and arrays of them read JSON's spelling of strings.
const str = (value: string): string => JSON.stringify(value);
const binding = (dictionary: string): string => `{ dictionary = ${str(dictionary)} }`;

/**
 * A `schemathesis.toml` for one run against the OpenAPI document or the GraphQL schema: the
 * seeded dictionaries, bound to every body field, input field and path parameter that names an
 * existing entity or holds JSON text. The token is read from the environment
 * (`${FUZZ_TOKEN}`), never written to the file.
 */
export function schemathesisToml(dictionaries: FuzzDictionaries, api: 'openapi' | 'graphql'): string {
  const lines = ['headers = { Authorization = "Bearer ${FUZZ_TOKEN}" }', '', '[dictionaries]'];
  for (const [name, values] of Object.entries(dictionaries)) lines.push(`${name} = { values = [${values.map(str).join(', ')}] }`);
  lines.push('', '[parameters]');
  for (const [path, dictionary] of Object.entries(api === 'openapi' ? bodyBindings : graphqlBindings)) lines.push(`${str(path)} = ${binding(dictionary)}`);
  for (const { pathRegex, parameter, dictionary } of api === 'openapi' ? pathBindings : []) {
    lines.push('', '[[operations]]', `include-path-regex = ${str(pathRegex)}`, `parameters = { ${str(parameter)} = ${binding(dictionary)} }`);
  }
  return `${lines.join('\n')}\n`;
}
