import { isAppError } from '@flow/platform/errors';
import { describe, expect, it } from 'vitest';
import { isGuid, requireGuid } from './guid.js';

const GUID_A = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('isGuid', () => {
  it('should accept GUIDs in either case', () => {
    expect(isGuid(GUID_A)).toBe(true);
    expect(isGuid(GUID_A.toUpperCase())).toBe(true);
  });

  it.each([
    ['the empty GUID', '00000000-0000-0000-0000-000000000000'],
    ['a GUID without dashes', GUID_A.replace(/-/g, '')],
    ['a GUID in braces', `{${GUID_A}}`],
    ['a GUID with surrounding space', ` ${GUID_A}`],
    ['a GUID followed by extra characters', `${GUID_A}0`],
    ['a GUID after extra characters', `0${GUID_A}`],
    ['a GUID on a line of its own', `${GUID_A}\n`],
    ['a non-hex GUID', 'g' + GUID_A.slice(1)],
    ...[0, 1, 2, 3, 4].map((group): [string, string] => [
      `a GUID with group ${group + 1} one digit longer`, GUID_A.split('-').map((part, i) => (i === group ? `a${part}` : part)).join('-'),
    ]),
    ...[0, 1, 2, 3, 4].map((group): [string, string] => [
      `a GUID with group ${group + 1} one digit shorter`, GUID_A.split('-').map((part, i) => (i === group ? part.slice(1) : part)).join('-'),
    ]),
    ['an empty string', ''],
    ['a number', 42],
    ['a list holding one GUID', [GUID_A]],
    ['null', null],
  ])('should refuse %s', (_what, value) => {
    expect(isGuid(value)).toBe(false);
  });
});

describe('requireGuid', () => {
  it('should return the GUID lower-cased', () => {
    expect(requireGuid(GUID_A.toUpperCase(), 'id')).toBe(GUID_A);
  });

  it('should throw BAD_USER_INPUT naming the argument and the bad value', () => {
    let thrown: unknown;
    try {
      requireGuid('not-a-guid', 'orchestratedFlowId');
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'orchestratedFlowId must be a non-empty GUID (got "not-a-guid")',
      details: { violations: [{ field: 'orchestratedFlowId', constraint: 'guid' }] },
    });
  });

  it('should refuse the empty GUID', () => {
    expect(() => requireGuid('00000000-0000-0000-0000-000000000000', 'id')).toThrow(/id must be a non-empty GUID/);
  });
});
