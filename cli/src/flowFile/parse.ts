import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { CliError, type Problem } from '../errors.js';
import { checkReferences } from './checks.js';
import { canonicalGraph, type FlowFile, type FlowGraph, type LineOf } from './model.js';
import { substituteVariables } from './variables.js';

export interface ParsedFlowFile {
  file: FlowFile;
  graph: FlowGraph;
  lineOf: LineOf;
}

/** The flow file format's JSON Schema, published at a stable path for editors. */
export const FLOW_FILE_SCHEMA_URL = new URL('../../../schema/flow-file.schema.json', import.meta.url);

let validator: ReturnType<Ajv2020['compile']> | undefined;
function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(JSON.parse(readFileSync(FLOW_FILE_SCHEMA_URL, 'utf8')) as object);
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

function lineCounterOf(document: Document, counter: LineCounter): LineOf {
  return (path) => {
    // A missing property (a `required` violation) is reported at its closest existing parent.
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node: unknown = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/** What the schema's patterns ask for, in words. */
const PATTERN_MEANING: Record<string, string> = {
  '^[^@]{1,50}@[^@]{1,50}$': 'must be <name>@<version>',
  '^(address|delivery):.+$': 'must be address:<name> or delivery:<name>',
};

const pointerPath = (pointer: string): Array<string | number> =>
  pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).map((part) => (/^\d+$/.test(part) ? Number(part) : part));

function schemaProblem(error: ErrorObject, lineOf: LineOf): Problem {
  const path = pointerPath(error.instancePath);
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'the file';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const property = String(params.additionalProperty);
    return { line: lineOf([...path, property]), message: `${where}: unknown property "${property}"` };
  }
  const detail = error.keyword === 'enum'
    ? `${error.message}: ${(params.allowedValues as unknown[]).join(', ')}`
    : error.keyword === 'pattern' ? `${PATTERN_MEANING[String(params.pattern)] ?? error.message} (got ${JSON.stringify(error.data)})` : error.message;
  return { line: lineOf(path), message: `${where}: ${detail ?? error.keyword}` };
}

/**
 * Reads a flow file (YAML, or JSON, which is YAML too) and refuses it with every problem and
 * its line: YAML syntax, then JSON Schema violations, then undefined `${NAME}` variables and
 * references inside the file (unknown steps, entities, duplicate keys, cycles). Nothing here
 * talks to the gateway.
 */
export function parseFlowFile(text: string, variables: Readonly<Record<string, string | undefined>> = {}): ParsedFlowFile {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => ({ line: counter.linePos(error.pos[0]).line, message: error.message.split('\n')[0] ?? error.code }));
    throw new CliError('INVALID_FLOW_FILE', 'the file is not valid YAML or JSON', problems);
  }
  const lineOf = lineCounterOf(document, counter);
  const data: unknown = document.toJS();
  const violations = validate(data).map((error) => schemaProblem(error, lineOf));
  if (violations.length > 0) throw new CliError('INVALID_FLOW_FILE', 'the file does not follow the flow file schema (schema/flow-file.schema.json)', violations);
  const substituted = substituteVariables(data as FlowFile, variables, lineOf);
  if (substituted.problems.length > 0) throw new CliError('INVALID_FLOW_FILE', 'the file uses variables that are not set', substituted.problems);
  const file = substituted.value;
  const problems = checkReferences(file, lineOf);
  if (problems.length > 0) throw new CliError('INVALID_FLOW_FILE', 'the file refers to what it does not declare', problems);
  return { file, graph: canonicalGraph(file), lineOf };
}
