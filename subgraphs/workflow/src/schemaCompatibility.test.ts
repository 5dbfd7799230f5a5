import { describe, expect, it } from 'vitest';
import { checkDataFlow } from './dataFlow.js';
import { compatibility } from './schemaCompatibility.js';

const document = { type: 'object', properties: { path: { type: 'string' }, size: { type: 'integer' } }, required: ['path'] };
const kinds = (output: unknown, input: unknown) => compatibility(output, input).map((f) => `${f.kind} ${f.path}`);

describe('compatibility', () => {
  it.each([
    ['an input taking anything', { type: 'string' }, {}],
    ['an input of true', { type: 'string' }, true],
    ['the same document', document, document],
    ['an integer into a number', { type: 'integer' }, { type: 'number' }],
    ['a required property always produced', { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false }, document],
    ['items of the same type', { type: 'array', items: { type: 'integer' } }, { type: 'array', items: { type: 'number' } }],
    ['an annotated input', { type: 'string', title: 'x' }, { type: 'string', description: 'y' }],
  ])('should find nothing wrong with %s', (_what, output, input) => {
    expect(compatibility(output, input)).toEqual([]);
  });

  it('should refuse disjoint types, naming both', () => {
    expect(compatibility({ type: 'string' }, { type: ['object', 'array'] })).toEqual([
      { kind: 'incompatible', path: '/', message: 'the output is string, the input takes object or array' },
    ]);
    expect(compatibility({ type: 'number' }, { type: 'integer' })[0]?.kind).toBe('incompatible');
  });

  it('should refuse a required property a closed output never has, and a property of another type', () => {
    const output = { type: 'object', properties: { size: { type: 'string' } }, required: ['size'], additionalProperties: false };
    expect(compatibility(output, document)).toEqual([
      { kind: 'incompatible', path: '/path', message: 'the input requires "path", which the output never has' },
      { kind: 'incompatible', path: '/size', message: 'the output is string, the input takes integer' },
    ]);
  });

  it('should judge items of arrays at their path', () => {
    expect(kinds({ type: 'array', items: { type: 'string' } }, { type: 'array', items: { type: 'object' } })).toEqual(['incompatible /[]']);
  });

  it.each([
    ['an output that may be anything', {}, document, 'the output states no type'],
    ['an output of true', true, document, 'the output may be anything'],
    ['a schema that is false', false, document, 'a schema that is `false`'],
    ['keywords it does not model', { type: 'object', anyOf: [] }, { ...document, minProperties: 1 }, 'keywords not compared: minProperties, anyOf'],
    ['an output of several types, some taken', { type: ['string', 'null'] }, { type: 'string' }, 'the output may be string or null, the input takes string'],
  ])('should leave %s undecided', (_what, output, input, message) => {
    expect(compatibility(output, input)).toEqual([{ kind: 'undecidable', path: '/', message }]);
  });

  it('should leave undecided a required property an open output does not declare or may leave out, and extra properties of a closed input', () => {
    expect(kinds({ type: 'object' }, document)).toEqual(['undecidable /path']);
    expect(kinds({ type: 'object', properties: { path: { type: 'string' } } }, document)).toEqual(['undecidable /path']);
    expect(kinds({ type: 'object', properties: { other: {} } }, { type: 'object', additionalProperties: false })).toEqual(['undecidable /']);
  });
});

describe('checkDataFlow', () => {
  const schemas: Record<string, unknown> = { any: {}, doc: document, text: { type: 'string' } };
  const processors: Record<string, { inputSchemaId: string; outputSchemaId: string }> = {
    echo: { inputSchemaId: 'any', outputSchemaId: 'doc' },
    texter: { inputSchemaId: 'doc', outputSchemaId: 'text' },
    reader: { inputSchemaId: 'doc', outputSchemaId: 'doc' },
  };
  // The owners' answers as data: the rule reads processors, then schemas.
  const entities = async (type: string, ids: readonly string[]) => new Map(ids.map((id) => [id, type === 'Processor'
    ? { id, ...processors[id] }
    : { id, definition: JSON.stringify(schemas[id]) }]));
  const step = (id: string, processorId: string, nextStepIds: string[] = [], entryCondition = 'PREVIOUS_SUCCESS') => ({ id, processorId, nextStepIds, entryCondition });

  it('should refuse a step fed on success by one predecessor whose output its input cannot take', async () => {
    await expect(checkDataFlow([step('a', 'texter', ['b']), step('b', 'reader')], { entities })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { violations: [{ field: 'stepIds', constraint: 'dataFlow', message: 'step b cannot take the output of step a: at /, the output is string, the input takes object' }] },
    });
  });

  it('should pass compatible edges, and edges whose input is not one output whole', async () => {
    await expect(checkDataFlow([step('a', 'echo', ['b']), step('b', 'reader')], { entities })).resolves.toBeUndefined();
    await expect(checkDataFlow([step('a', 'texter', ['b']), step('b', 'reader', [], 'ALWAYS')], { entities })).resolves.toBeUndefined();
    await expect(checkDataFlow([step('a', 'texter', ['c']), step('b', 'echo', ['c']), step('c', 'reader')], { entities })).resolves.toBeUndefined();
    await expect(checkDataFlow([step('a', 'texter')], { entities })).resolves.toBeUndefined();
  });
});
