import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { canonicalGraph, toFlowFile } from './model.js';
import { parseFlowFile } from './parse.js';

/** The problems a refused file is refused with. */
function refusal(text: string, variables: Record<string, string> = {}): CliError {
  try {
    parseFlowFile(text, variables);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

const header = 'apiVersion: flow-orchestrator/v1\nflow: { name: f, version: "1" }\n';

describe('flow files', () => {
  it('should report every JSON Schema violation with its line', () => {
    const error = refusal(`${header}steps:
  - name: a
    processor: Echo
  - name: b
    processor: Echo@1
    colour: red
    entryCondition: SOMETIMES
`);
    expect(error.code).toBe('INVALID_FLOW_FILE');
    expect(error.problems).toEqual([
      { line: 5, message: 'steps.0.processor: must be <name>@<version> (got "Echo")' },
      { line: 8, message: 'steps.1: unknown property "colour"' },
      { line: 9, message: 'steps.1.entryCondition: must be equal to one of the allowed values: PREVIOUS_SUCCESS, PREVIOUS_FAILURE, ALWAYS, NEVER' },
    ]);
  });

  it('should name the line of a missing required property and of YAML syntax errors', () => {
    expect(refusal('apiVersion: flow-orchestrator/v1\nflow:\n  name: f\nsteps: []\n').problems).toEqual([
      { line: 3, message: "flow: must have required property 'version'" },
      { line: 4, message: 'steps: must NOT have fewer than 1 items' },
    ]);
    expect(refusal(`${header}steps:\n  - { name: a, name: b, processor: E@1 }\n`).problems[0]).toMatchObject({ line: 4, message: expect.stringContaining('unique') });
  });

  it('should refuse an unknown next step, an unknown assigned entity and a cycle, each at its line', () => {
    const error = refusal(`${header}steps:
  - { name: a, processor: E@1, next: [b] }
  - { name: b, processor: E@1, next: [c, a] }
assignments:
  - { step: a, entities: [address:nowhere] }
`);
    expect(error.problems).toEqual([
      { line: 5, message: 'step "b": next step "c" is not a step of this file' },
      { line: 7, message: 'assignment of "a": address:nowhere is not declared in this file' },
      { line: 5, message: 'the steps form a cycle: a -> b -> a' },
    ]);
  });

  it('should substitute ${NAME} variables and refuse an unset one at its line', () => {
    const text = `${header}steps: [{ name: a, processor: E@1 }]
schemas: [{ name: s, definition: {} }]
addresses:
  - { name: out, connectionString: "file://\${ROOT}/out", schema: s@1 }
`;
    expect(refusal(text).problems).toEqual([{ line: 6, message: 'variable ${ROOT} is not set (pass --var ROOT=<value> or set it in the environment)' }]);
    expect(parseFlowFile(text, { ROOT: '/srv' }).graph.addresses[0]?.connectionString).toBe('file:///srv/out');
  });

  it('should accept JSON as well as YAML, with the same meaning', () => {
    const yaml = parseFlowFile(`${header}steps: [{ name: a, processor: E@1, entryCondition: ALWAYS }]\n`);
    const json = parseFlowFile(JSON.stringify({ apiVersion: 'flow-orchestrator/v1', flow: { name: 'f', version: '1' }, steps: [{ name: 'a', processor: 'E@1', entryCondition: 'ALWAYS' }] }));
    expect(json.graph).toEqual(yaml.graph);
  });

  it.each(['demo', 'first-session', 'failing'])('should write the example %s back to a file of the same meaning without its defaults', async (name) => {
    const text = await readFile(new URL(`../../../examples/${name}.flow.yaml`, import.meta.url), 'utf8');
    const { graph } = parseFlowFile(text, { FILE_PROCESSOR_ROOT: '/srv/files' });
    const written = toFlowFile(graph);
    expect(canonicalGraph(written)).toEqual(graph);
    expect(JSON.stringify(written)).not.toContain('PREVIOUS_SUCCESS');
  });
});
