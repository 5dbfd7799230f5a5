import { describe, expect, it } from 'vitest';
import { assertStartInput, startInputViolations, type EntryInputSchema } from './startInput.js';

const entry = (stepId: string, definition: object): EntryInputSchema => ({ stepId, processorId: `p-${stepId}`, schemaId: `s-${stepId}`, definition: JSON.stringify(definition) });
const document = entry('a', { type: 'object', properties: { path: { type: 'string' }, size: { type: 'integer', minimum: 0 } }, required: ['path'] });

describe('startInputViolations', () => {
  it('should find nothing wrong with an input every entry schema accepts', () => {
    expect(startInputViolations({ path: '/x', size: 1 }, [document, entry('b', {})])).toEqual([]);
    expect(startInputViolations(null, [])).toEqual([]);
  });

  it('should list each violation with its path, keyword, schema, processor and step', () => {
    expect(startInputViolations({ size: -1 }, [document])).toEqual([
      { field: 'input', constraint: 'required', message: "input must have required property 'path' (input schema s-a of processor p-a, entry step a)" },
      { field: 'input/size', constraint: 'minimum', message: 'input/size must be >= 0 (input schema s-a of processor p-a, entry step a)' },
    ]);
  });

  it('should check the input against every entry step', () => {
    const violations = startInputViolations({ path: 1 }, [document, entry('b', { type: 'array' })]);
    expect(violations.map((v) => `${v.field}:${v.constraint}`)).toEqual(['input/path:type', 'input:type']);
  });

  it('should list at most 50 violations', () => {
    const many = entry('m', { type: 'array', items: { type: 'string' } });
    expect(startInputViolations(Array.from({ length: 80 }, (_, n) => n), [many])).toHaveLength(50);
  });
});

describe('assertStartInput', () => {
  it('should refuse with BAD_USER_INPUT carrying the violations, and pass a valid input', () => {
    expect(() => assertStartInput({ path: '/x' }, [document])).not.toThrow();
    expect(() => assertStartInput({}, [document])).toThrow(expect.objectContaining({
      code: 'BAD_USER_INPUT',
      details: { violations: [expect.objectContaining({ field: 'input', constraint: 'required' })] },
    }));
  });
});
