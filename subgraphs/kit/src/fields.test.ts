import { describe, expect, it } from 'vitest';
import { charLength, commonFields, MAX_IDS, normalize, violationsOf, type FieldSpecs } from './fields.js';

const GUID_A = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const GUID_B = '9b2c6a1e-7d4f-4c1a-8e2b-5f6a7b8c9d0e';

const specs: FieldSpecs = {
  ...commonFields,
  processorId: { kind: 'id', required: true },
  parentId: { kind: 'id', required: false },
  stepIds: { kind: 'ids', nonEmpty: true },
  nextStepIds: { kind: 'ids', nonEmpty: false },
  entryCondition: { kind: 'enum', values: ['PREVIOUS_SUCCESS', 'ALWAYS'], fallback: 'PREVIOUS_SUCCESS' },
  isScheduleEnabled: { kind: 'boolean', fallback: false },
  configuration: { kind: 'keyValues' },
};

const valid = {
  version: '1.0',
  name: 'step',
  description: null,
  processorId: GUID_A,
  parentId: null,
  stepIds: [GUID_A],
  nextStepIds: [],
  entryCondition: 'ALWAYS',
  isScheduleEnabled: true,
  configuration: [{ key: 'k', value: 'v' }],
};

/** The violations of `valid` with `patch` applied, as `field:constraint` pairs. */
const violationsWith = (patch: Record<string, unknown>): string[] =>
  violationsOf(specs, { ...valid, ...patch }).map((v) => `${v.field}:${v.constraint}`);

describe('violationsOf', () => {
  it('should count lengths in characters as JSON Schema does, so 50 emoji make a valid name', () => {
    const emoji = '\u{1F600}'.repeat(50);
    expect(charLength(emoji)).toBe(50);
    expect(charLength('a\ud800b')).toBe(3);
    expect(violationsOf(specs, { ...valid, name: emoji })).toEqual([]);
    expect(violationsOf(specs, { ...valid, name: `${emoji}x` })).toEqual([expect.objectContaining({ field: 'name', constraint: 'maxLength' })]);
    expect(violationsOf(specs, { ...valid, configuration: [{ key: '\u{1F600}'.repeat(200), value: 'v' }] })).toEqual([]);
  });

  it.each([
    ['the lowest pair', '\ud800\udc00', 1],
    ['the highest pair', '\udbff\udfff', 1],
    ['a character just below the high surrogates, then a low one', '\ud7ff\udc00', 2],
    ['a low surrogate, then another', '\udc00\udc00', 2],
    ['a high surrogate, then another high one', '\ud800\udbff', 2],
    ['a high surrogate, then a character just above the low surrogates', '\ud800\ue000', 2],
    ['a lone high surrogate at the end', 'a\udbff', 2],
  ])('should count a surrogate pair as one character only when a high surrogate is followed by a low one: %s', (_name, text, length) => {
    expect(charLength(text)).toBe(length);
  });

  it('should find nothing wrong with a valid record', () => {
    expect(violationsOf(specs, valid)).toEqual([]);
  });

  it('should require the required strings and ids', () => {
    expect(violationsWith({ version: undefined, name: null, processorId: undefined })).toEqual([
      'version:required', 'name:required', 'processorId:required',
    ]);
  });

  it('should refuse blank names and over-long strings, naming the limit', () => {
    expect(violationsWith({ name: '   ' })).toEqual(['name:minLength']);
    expect(violationsWith({ version: 'v'.repeat(51) })).toEqual(['version:maxLength']);
    const [tooLong] = violationsOf(specs, { ...valid, description: 'd'.repeat(1001) });
    expect(tooLong?.message).toBe('description must be at most 1000 characters (got 1001)');
  });

  it('should accept strings exactly at their limits', () => {
    expect(violationsWith({ version: 'v'.repeat(50), name: 'n', description: 'd'.repeat(1000) })).toEqual([]);
  });

  it('should refuse strings of another type', () => {
    expect(violationsWith({ name: 42 })).toEqual(['name:type']);
  });

  it('should refuse a malformed single id but allow an absent optional one', () => {
    expect(violationsWith({ processorId: 'abc', parentId: undefined })).toEqual(['processorId:guid']);
  });

  it('should check id lists for type, emptiness, GUIDs and duplicates', () => {
    expect(violationsWith({ stepIds: GUID_A })).toEqual(['stepIds:type']);
    expect(violationsWith({ stepIds: [] })).toEqual(['stepIds:nonEmpty']);
    expect(violationsWith({ nextStepIds: [] })).toEqual([]);
    expect(violationsWith({ stepIds: [GUID_A, 'x', 7] })).toEqual(['stepIds:guid']);
    expect(violationsWith({ stepIds: [GUID_A, GUID_B, GUID_A.toUpperCase()] })).toEqual(['stepIds:unique']);
  });

  it('should accept a list of several distinct GUIDs', () => {
    expect(violationsWith({ stepIds: [GUID_A, GUID_B], nextStepIds: [GUID_B.toUpperCase(), GUID_A] })).toEqual([]);
  });

  it('should refuse an id list longer than its maximum, default 1000, without listing it', () => {
    const guids = (count: number) => Array.from({ length: count }, (_, i) => `3f2504e0-4f89-41d3-9a0c-${i.toString(16).padStart(12, '0')}`);
    expect(violationsWith({ stepIds: guids(MAX_IDS) })).toEqual([]);
    expect(violationsOf(specs, { ...valid, stepIds: [...guids(MAX_IDS), 'x'] })).toEqual([
      { field: 'stepIds', constraint: 'maxItems', message: `stepIds must hold at most 1000 ids (got ${MAX_IDS + 1})` },
    ]);
    const bounded: FieldSpecs = { nextStepIds: { kind: 'ids', nonEmpty: false, max: 2 } };
    expect(violationsOf(bounded, { nextStepIds: guids(3) }).map((v) => v.message)).toEqual(['nextStepIds must hold at most 2 ids (got 3)']);
  });

  it('should name the bad ids of a list', () => {
    const [violation] = violationsOf(specs, { ...valid, stepIds: [GUID_A, 'x'] });
    expect(violation?.message).toBe('stepIds must contain only non-empty GUIDs (bad: "x")');
  });

  it('should refuse an enum value outside the list, listing the allowed ones', () => {
    const [violation] = violationsOf(specs, { ...valid, entryCondition: 'SOMETIMES' });
    expect(violation).toEqual({
      field: 'entryCondition', constraint: 'enum', message: 'entryCondition must be one of PREVIOUS_SUCCESS, ALWAYS',
    });
  });

  it('should accept an optional whole number at its bounds or absent, and refuse others, naming the range', () => {
    const ranged: FieldSpecs = { timeoutMs: { kind: 'int', min: 100, max: 1000 } };
    for (const timeoutMs of [100, 1000, 500, null, undefined]) expect(violationsOf(ranged, { timeoutMs })).toEqual([]);
    for (const timeoutMs of [99, 1001, 100.5, '200', true]) {
      expect(violationsOf(ranged, { timeoutMs })).toEqual([
        { field: 'timeoutMs', constraint: 'range', message: `timeoutMs must be a whole number in 100..1000 (got ${JSON.stringify(timeoutMs)})` },
      ]);
    }
    expect(normalize(ranged, {})).toEqual({ timeoutMs: null });
  });

  it('should refuse a boolean given as a string', () => {
    expect(violationsWith({ isScheduleEnabled: 'true' })).toEqual(['isScheduleEnabled:type']);
  });

  it('should check key/value pairs for shape, key length and repeated keys', () => {
    expect(violationsWith({ configuration: { k: 'v' } })).toEqual(['configuration:type']);
    expect(violationsWith({ configuration: [{ key: 'k', value: 1 }] })).toEqual(['configuration:type']);
    expect(violationsWith({ configuration: [null] })).toEqual(['configuration:type']);
    expect(violationsWith({ configuration: [{ key: 1, value: 'v' }] })).toEqual(['configuration:type']);
    expect(violationsWith({ configuration: [{ value: 'v' }] })).toEqual(['configuration:type']);
    expect(violationsWith({ configuration: [{ key: '', value: 'v' }] })).toEqual(['configuration:keyLength']);
    expect(violationsWith({ configuration: [{ key: 'k'.repeat(201), value: 'v' }] })).toEqual(['configuration:keyLength']);
    expect(violationsWith({ configuration: [{ key: 'k'.repeat(200), value: 'v' }, { key: 'j', value: '' }] })).toEqual([]);
    expect(violationsWith({ configuration: [{ key: 'k', value: 'a' }, { key: 'k', value: 'b' }] })).toEqual([
      'configuration:uniqueKeys',
    ]);
  });

  it.each([
    [{ name: null }, 'name is required'],
    [{ name: 42 }, 'name must be a string'],
    [{ name: ' ' }, 'name must not be empty'],
    [{ processorId: undefined }, 'processorId is required'],
    [{ processorId: 'x' }, 'processorId must be a non-empty GUID (got "x")'],
    [{ stepIds: 'x' }, 'stepIds must be a list of GUIDs'],
    [{ stepIds: [] }, 'stepIds must not be empty'],
    [{ stepIds: [GUID_A, GUID_A] }, 'stepIds must not contain duplicates'],
    [{ stepIds: ['x', GUID_A, 'y'] }, 'stepIds must contain only non-empty GUIDs (bad: "x", "y")'],
    [{ configuration: [{ key: 'k', value: 'v' }, { key: 1, value: 'v' }] }, 'configuration must be a list of {key, value} strings'],
    [{ configuration: [{ key: 'k', value: 'v' }, { key: '', value: 'v' }] }, 'configuration keys must be 1..200 characters'],
    [{ isScheduleEnabled: 'yes' }, 'isScheduleEnabled must be a boolean'],
    [{ configuration: 'k=v' }, 'configuration must be a list of {key, value} strings'],
    [{ configuration: [{ key: '', value: 'v' }] }, 'configuration keys must be 1..200 characters'],
    [{ configuration: [{ key: 'k', value: 'a' }, { key: 'k', value: 'b' }] }, 'configuration must not repeat a key'],
  ])('should explain the violation of %j to the caller', (patch, message) => {
    expect(violationsOf(specs, { ...valid, ...patch }).map((v) => v.message)).toEqual([message]);
  });

  it('should report every violated field at once', () => {
    expect(violationsWith({ name: '', processorId: 'x', stepIds: [], isScheduleEnabled: 1 })).toEqual([
      'name:minLength', 'processorId:guid', 'stepIds:nonEmpty', 'isScheduleEnabled:type',
    ]);
  });
});

describe('normalize', () => {
  it('should fill defaults for absent optional fields', () => {
    expect(normalize(specs, { version: '1', name: 'n' })).toEqual({
      version: '1',
      name: 'n',
      description: null,
      processorId: null,
      parentId: null,
      stepIds: [],
      nextStepIds: [],
      entryCondition: 'PREVIOUS_SUCCESS',
      isScheduleEnabled: false,
      configuration: [],
    });
  });

  it('should lower-case ids and id lists, leaving malformed ids for validation to report', () => {
    const out = normalize(specs, { processorId: GUID_A.toUpperCase(), stepIds: [GUID_B.toUpperCase(), 'NOT-A-GUID'] });
    expect(out.processorId).toBe(GUID_A);
    expect(out.stepIds).toEqual([GUID_B, 'NOT-A-GUID']);
    expect(violationsOf(specs, { ...valid, stepIds: out.stepIds }).map((v) => v.constraint)).toEqual(['guid']);
  });

  it('should keep given values, including false and empty strings', () => {
    const out = normalize(specs, { isScheduleEnabled: false, description: '', entryCondition: 'ALWAYS' });
    expect(out).toMatchObject({ isScheduleEnabled: false, description: '', entryCondition: 'ALWAYS' });
  });

  it('should keep malformed values as given, for validation to report', () => {
    expect(normalize(specs, { stepIds: GUID_A, processorId: 42, configuration: 'k=v' })).toMatchObject({ stepIds: GUID_A, processorId: 42, configuration: 'k=v' });
  });

  it('should drop fields the entity does not declare', () => {
    expect(normalize(specs, { ...valid, _id: 'x', extra: 1 })).not.toHaveProperty('extra');
    expect(normalize(specs, { ...valid, _id: 'x' })).not.toHaveProperty('_id');
  });

  it('should make a normalized valid input pass validation', () => {
    expect(violationsOf(specs, normalize(specs, { ...valid, entryCondition: undefined }))).toEqual([]);
  });
});
