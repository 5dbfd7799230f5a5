/**
 * Whether what one step outputs can be what the next one takes in, judged from their JSON
 * Schemas alone. Conservative by design: `incompatible` only when every value the output
 * schema allows is refused by the input schema for a reason read off both documents (a type
 * neither shares, a required property the output can never have); `undecidable` when the
 * schemas use anything this comparison does not model; nothing when the input takes whatever
 * the output gives.
 */
export interface Finding {
  kind: 'incompatible' | 'undecidable';
  /** Where in the value, `/` for the whole of it. */
  path: string;
  message: string;
}

type Schema = Record<string, unknown>;

/** Keywords that say nothing about which values are valid. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
/** Keywords this comparison models. */
const STRUCTURE = new Set(['type', 'properties', 'required', 'additionalProperties', 'items']);

const asSchema = (value: unknown): Schema | boolean => (typeof value === 'boolean' ? value : typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : {});
const constraining = (schema: Schema): string[] => Object.keys(schema).filter((key) => !ANNOTATIONS.has(key));
const typesOf = (schema: Schema): string[] | undefined => (typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : undefined);
const accepts = (inputTypes: readonly string[], type: string): boolean => inputTypes.includes(type) || (type === 'integer' && inputTypes.includes('number'));
const at = (path: string, key: string): string => `${path === '/' ? '' : path}/${key}`;

/** Every finding about feeding values of `output` to `input` (schemas as parsed JSON). */
export function compatibility(outputSchema: unknown, inputSchema: unknown, path = '/'): Finding[] {
  const output = asSchema(outputSchema);
  const input = asSchema(inputSchema);
  if (input === true || (input !== false && constraining(input).length === 0)) return [];
  if (input === false || output === false) return [{ kind: 'undecidable', path, message: 'a schema that is `false`' }];
  if (output === true) return [{ kind: 'undecidable', path, message: 'the output may be anything' }];
  const unmodelled = [...constraining(input), ...constraining(output)].filter((key) => !STRUCTURE.has(key));
  if (unmodelled.length > 0) return [{ kind: 'undecidable', path, message: `keywords not compared: ${[...new Set(unmodelled)].join(', ')}` }];
  const outputTypes = typesOf(output);
  const inputTypes = typesOf(input);
  if (!outputTypes) return [{ kind: 'undecidable', path, message: 'the output states no type' }];
  if (inputTypes) {
    const taken = outputTypes.filter((type) => accepts(inputTypes, type));
    if (taken.length === 0) return [{ kind: 'incompatible', path, message: `the output is ${outputTypes.join(' or ')}, the input takes ${inputTypes.join(' or ')}` }];
    if (taken.length < outputTypes.length) return [{ kind: 'undecidable', path, message: `the output may be ${outputTypes.join(' or ')}, the input takes ${inputTypes.join(' or ')}` }];
  }
  if (outputTypes.length !== 1) return [];
  if (outputTypes[0] === 'object') return objectFindings(output, input, path);
  if (outputTypes[0] === 'array' && output.items !== undefined && input.items !== undefined) return compatibility(output.items, input.items, at(path, '[]'));
  return [];
}

function objectFindings(output: Schema, input: Schema, path: string): Finding[] {
  const produced = asRecord(output.properties);
  const expected = asRecord(input.properties);
  const always = new Set(Array.isArray(output.required) ? (output.required as string[]) : []);
  const closed = output.additionalProperties === false;
  const findings: Finding[] = [];
  for (const name of Array.isArray(input.required) ? (input.required as string[]) : []) {
    if (!(name in produced)) {
      findings.push(closed
        ? { kind: 'incompatible', path: at(path, name), message: `the input requires "${name}", which the output never has` }
        : { kind: 'undecidable', path: at(path, name), message: `the input requires "${name}", which the output does not declare` });
    } else if (!always.has(name)) {
      findings.push({ kind: 'undecidable', path: at(path, name), message: `the input requires "${name}", which the output may leave out` });
    }
  }
  for (const name of Object.keys(produced).filter((key) => always.has(key) && key in expected)) {
    findings.push(...compatibility(produced[name], expected[name], at(path, name)));
  }
  if (input.additionalProperties === false && Object.keys(produced).some((name) => !(name in expected))) {
    findings.push({ kind: 'undecidable', path, message: 'the output may have properties the input does not allow' });
  }
  return findings;
}

const asRecord = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
