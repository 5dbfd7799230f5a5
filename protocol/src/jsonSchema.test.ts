import type { FieldViolation } from '@flow/platform';
import { describe, expect, it } from 'vitest';
import { cachedValidatorCount, compileDefinition, parseJsonField, SCHEMA_LIMITS, validatePayload } from './jsonSchema.js';

/** The single violation of the BAD_USER_INPUT that `fn` throws. */
function violationOf(fn: () => unknown): FieldViolation {
  try {
    fn();
  } catch (error) {
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    const violations = (error as { details: { violations: FieldViolation[] } }).details.violations;
    expect(violations).toHaveLength(1);
    return violations[0] as FieldViolation;
  }
  throw new Error('expected BAD_USER_INPUT');
}

const person = JSON.stringify({
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    age: { type: 'integer', minimum: 0 },
    email: { type: 'string', format: 'email' },
    address: { type: 'object', properties: { zip: { type: 'string', pattern: '^[0-9]{5}$' } } },
    tags: { type: 'array', items: { type: 'string' } },
  },
});

describe('parseJsonField', () => {
  it('should parse JSON text', () => {
    expect(parseJsonField('{"a":[1,null]}', 'payload')).toEqual({ a: [1, null] });
  });

  it.each(['{"a":', "{'a':1}", '', 'undefined'])('should refuse %j naming the field', (text) => {
    const violation = violationOf(() => parseJsonField(text, 'payload'));
    expect(violation).toMatchObject({ field: 'payload', constraint: 'json' });
    expect(violation.message).toMatch(/^payload is not valid JSON: /);
  });
});

describe('compileDefinition', () => {
  it('should compile a draft 2020-12 schema and reuse the compiled validator', () => {
    const validate = compileDefinition(person);
    expect(validate({ name: 'Ada' })).toBe(true);
    expect(validate({})).toBe(false);
    expect(compileDefinition(person)).toBe(validate);
  });

  it('should refuse a definition that is not JSON', () => {
    expect(violationOf(() => compileDefinition('{"type": "object"'))).toMatchObject({ field: 'definition', constraint: 'json' });
  });

  it.each(['[]', '42', '"object"', 'null', 'true'])('should refuse the non-object definition %s', (text) => {
    expect(violationOf(() => compileDefinition(text))).toEqual({
      field: 'definition',
      constraint: 'jsonSchema',
      message: 'definition is not a JSON Schema: it must be a JSON object',
    });
  });

  it.each([
    ['an unknown type name', '{"type":"strin"}', 'data/type'],
    ['a numeric type', '{"type":12}', 'data/type'],
    ['a string minLength', '{"type":"string","minLength":"3"}', 'data/minLength must be integer'],
    ['a string required', '{"required":"name"}', 'data/required must be array'],
    ['a properties array', '{"properties":[]}', 'data/properties must be object'],
    ['a negative maxItems', '{"maxItems":-1}', 'data/maxItems must be >= 0'],
  ])('should refuse %s, saying which keyword is wrong', (_what, text, reason) => {
    const violation = violationOf(() => compileDefinition(text));
    expect(violation).toMatchObject({ field: 'definition', constraint: 'jsonSchema' });
    expect(violation.message).toMatch(/^definition is not a valid JSON Schema: /);
    expect(violation.message).toContain(reason);
  });

  it('should refuse a $ref that does not resolve', () => {
    expect(violationOf(() => compileDefinition('{"$ref":"#/$defs/missing"}')).message).toContain('#/$defs/missing');
  });

  it('should accept keywords and formats it does not know, as annotations', () => {
    const validate = compileDefinition('{"type":"string","x-widget":"wide","format":"colour"}');
    expect(validate('red')).toBe(true);
  });

  it('should refuse a pattern that is not a regular expression, naming it', () => {
    expect(violationOf(() => compileDefinition('{"type":"string","pattern":"("}'))).toMatchObject({ field: 'definition', constraint: 'pattern' });
  });

  it('should name the given field', () => {
    expect(violationOf(() => compileDefinition('[]', 'inputSchema')).field).toBe('inputSchema');
  });

  it('should compile two different definitions that declare the same $id', () => {
    // A Schema update keeps its $id while changing the body; both versions must compile.
    const before = compileDefinition('{"$id":"https://example.com/order.json","type":"string"}');
    const after = compileDefinition('{"$id":"https://example.com/order.json","type":"number"}');
    expect(before('a')).toBe(true);
    expect(after(1)).toBe(true);
    expect(after('a')).toBe(false);
  });
});

describe('validatePayload', () => {
  it('should accept a payload that matches its schema', () => {
    expect(() => validatePayload('{"name":"Ada","age":36,"tags":["x"]}', person, 's1')).not.toThrow();
  });

  it('should name every failing instance path and the schema id', () => {
    const payload = JSON.stringify({ age: -1, email: 'nope', address: { zip: 'abc' }, tags: ['ok', 3] });
    const violation = violationOf(() => validatePayload(payload, person, 's1'));
    expect(violation).toMatchObject({ field: 'payload', constraint: 'schema' });
    expect(violation.message).toMatch(/^payload does not match schema s1: /);
    expect(violation.message).toContain("/ must have required property 'name'");
    expect(violation.message).toContain('/age must be >= 0');
    expect(violation.message).toContain('/email must match format "email"');
    expect(violation.message).toContain('/address/zip must match pattern');
    expect(violation.message).toContain('/tags/1 must be string');
  });

  it('should report every violation of a payload, not only the first (each test compiles its own definition: validators are cached)', () => {
    const definition = '{"type":"object","required":["first","second"],"properties":{"n":{"type":"integer"}}}';
    expect(violationOf(() => validatePayload('{"n":"x"}', definition, 's3')).message).toBe(
      "payload does not match schema s3: / must have required property 'first'; / must have required property 'second'; /n must be integer",
    );
  });

  it('should list the problems one after the other', () => {
    expect(violationOf(() => validatePayload('{"age":-1}', person, 's1')).message).toBe(
      "payload does not match schema s1: / must have required property 'name'; /age must be >= 0",
    );
  });

  it('should report a payload of the wrong root type at /', () => {
    expect(violationOf(() => validatePayload('[1]', person, 's1')).message).toBe('payload does not match schema s1: / must be object');
  });

  it('should refuse a payload that is not JSON, naming the field', () => {
    expect(violationOf(() => validatePayload('{name: Ada}', person, 's1', 'Delivery.payload'))).toMatchObject({
      field: 'Delivery.payload',
      constraint: 'json',
    });
  });

  it('should blame the schema, by id, when its definition is invalid', () => {
    expect(violationOf(() => validatePayload('{}', '{"type":12}', 's9'))).toMatchObject({
      field: 'schema s9 definition',
      constraint: 'jsonSchema',
    });
  });
});

describe('untrusted definitions', () => {
  const subject = `${'a'.repeat(39)}!`;

  it('should answer a ReDoS pattern with a 40-character subject in under 1 s', () => {
    const definition = '{"type":"string","pattern":"^(a+)+$"}';
    const started = performance.now();
    const violation = violationOf(() => validatePayload(JSON.stringify(subject), definition, 's1'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(violation).toEqual({ field: 'payload', constraint: 'schema', message: 'payload does not match schema s1: / must match pattern "^(a+)+$"' });
  });

  it('should run patternProperties and propertyNames on the linear-time engine too', () => {
    const validate = compileDefinition(
      JSON.stringify({ type: 'object', patternProperties: { '^(a+)+$': { type: 'number' } }, propertyNames: { pattern: '^(a|aa)+$|!' }, additionalProperties: false }),
    );
    const started = performance.now();
    expect(validate({ [subject]: 1 })).toBe(false);
    expect(validate({ aaa: 1 })).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('should refuse a backreference at compile time, naming the pattern', () => {
    expect(violationOf(() => compileDefinition('{"properties":{"x":{"pattern":"^(a)\\\\1$"}}}'))).toEqual({
      field: 'definition',
      constraint: 'pattern',
      message:
        'definition has a pattern that cannot be used, "^(a)\\\\1$": the linear-time engine (RE2) cannot run it: invalid escape sequence: `\\1` ' +
        '(backreferences, lookaround and repeat counts over 1000 are not supported)',
    });
  });

  it('should refuse a lookaround in patternProperties, naming the pattern', () => {
    const violation = violationOf(() => compileDefinition('{"patternProperties":{"^(?!x)":{}}}', 'inputSchema'));
    expect(violation).toMatchObject({ field: 'inputSchema', constraint: 'pattern' });
    expect(violation.message).toMatch(/^inputSchema has a pattern that cannot be used, "\^\(\?!x\)": /);
  });

  it('should refuse a definition nested deeper than the limit, even far deeper', () => {
    const nested = (depth: number) => '{"items":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
    expect(() => compileDefinition(nested(SCHEMA_LIMITS.maxDepth))).not.toThrow();
    for (const depth of [SCHEMA_LIMITS.maxDepth + 1, 25_000]) {
      expect(violationOf(() => compileDefinition(nested(depth)))).toEqual({
        field: 'definition',
        constraint: 'maxDepth',
        message: `definition must nest objects and arrays at most ${SCHEMA_LIMITS.maxDepth} deep`,
      });
    }
  });

  it('should count only objects and arrays as nesting, not the values they hold', () => {
    const nested = '{"items":'.repeat(SCHEMA_LIMITS.maxDepth - 1) + '{"type":"string"}' + '}'.repeat(SCHEMA_LIMITS.maxDepth - 1);
    expect(() => compileDefinition(nested)).not.toThrow();
  });

  it('should refuse a definition of more values than the limit', () => {
    const anyOf = Array.from({ length: SCHEMA_LIMITS.maxNodes }, (_, i) => ({ const: i }));
    expect(violationOf(() => compileDefinition(JSON.stringify({ anyOf })))).toEqual({
      field: 'definition',
      constraint: 'maxNodes',
      message: `definition must hold at most ${SCHEMA_LIMITS.maxNodes} JSON values`,
    });
  });

  it('should accept a definition exactly at the length and value limits', () => {
    const padding = SCHEMA_LIMITS.maxLength - '{"description":""}'.length;
    expect(() => compileDefinition(`{"description":"${'x'.repeat(padding)}"}`)).not.toThrow();
    // The root object, the list and its items: exactly maxNodes values.
    const values = Array.from({ length: SCHEMA_LIMITS.maxNodes - 2 }, (_, i) => (i === 0 ? null : i));
    expect(() => compileDefinition(JSON.stringify({ enum: values }))).not.toThrow();
  });

  it('should refuse a definition longer than the limit before parsing it', () => {
    const text = `{"description":"${'x'.repeat(SCHEMA_LIMITS.maxLength)}"}`;
    expect(violationOf(() => compileDefinition(text))).toEqual({
      field: 'definition', constraint: 'maxLength', message: `definition must be at most ${SCHEMA_LIMITS.maxLength} characters (got ${text.length})`,
    });
  });

  it('should refuse a payload that a recursive schema cannot follow, instead of failing', () => {
    const definition = '{"$defs":{"list":{"type":"array","items":{"$ref":"#/$defs/list"}}},"$ref":"#/$defs/list"}';
    const payload = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(violationOf(() => validatePayload(payload, definition, 's2'))).toEqual({
      field: 'payload',
      constraint: 'maxDepth',
      message: 'payload is nested too deeply to validate against schema s2',
    });
  });

  it('should keep at most 500 compiled validators, dropping the least recently used', () => {
    const kept = compileDefinition('{"title":"kept","type":"string"}');
    for (let i = 0; i < 600; i++) {
      compileDefinition(`{"const":${i}}`);
      expect(compileDefinition('{"title":"kept","type":"string"}')).toBe(kept);
    }
    expect(cachedValidatorCount()).toBe(500);
  });
});
