import { describe, expect, it } from 'vitest';
import { linearRegExp, UnsupportedPatternError } from './linearRegExp.js';

describe('linearRegExp', () => {
  it('should search unanchored, as ECMAScript test does', () => {
    expect(linearRegExp('b', 'u').test('abc')).toBe(true);
    expect(linearRegExp('^b', 'u').test('abc')).toBe(false);
    expect(linearRegExp('^[0-9]{5}$', 'u').test('12345')).toBe(true);
  });

  it('should keep ECMAScript syntax: \\u escapes, \\p classes, named groups, astral characters', () => {
    expect(linearRegExp('^\\u0041\\u{1F600}$', 'u').test('A😀')).toBe(true);
    expect(linearRegExp('^\\p{Lu}+$', 'u').test('ÀB')).toBe(true);
    expect(linearRegExp('^(?<year>\\d{4})-\\d{2}$', 'u').test('2024-05')).toBe(true);
    expect(linearRegExp('^.$', 'u').test('😀')).toBe(true);
  });

  it('should answer a catastrophic-backtracking pattern in linear time', () => {
    const pattern = linearRegExp('^(a+)+$', 'u');
    const started = performance.now();
    expect(pattern.test(`${'a'.repeat(39)}!`)).toBe(false);
    expect(pattern.test(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('should give each pattern its own key, which ajv uses to share compiled patterns', () => {
    expect(String(linearRegExp('a+', 'u'))).toBe('/a+/u');
    expect(String(linearRegExp('b+', 'u'))).not.toBe(String(linearRegExp('a+', 'u')));
  });

  it.each([
    ['a backreference', '(a)\\1', 'invalid escape sequence'],
    ['a lookahead', 'a(?=b)', 'unsupported Perl syntax'],
    ['a negative lookbehind', '(?<!a)b', '(?<!'],
    ['a repeat count over 1000', '(a{1000}){1000}', 'invalid repeat count'],
  ])('should refuse %s, naming the pattern and why', (_what, source, detail) => {
    const refuse = () => linearRegExp(source, 'u');
    expect(refuse).toThrow(UnsupportedPatternError);
    expect(refuse).toThrow(`pattern ${JSON.stringify(source)} is not supported: the linear-time engine (RE2) cannot run it`);
    expect(refuse).toThrow(detail);
  });

  it('should take a pattern with the unicode flag or none, and refuse other flags', () => {
    expect(linearRegExp('^a$', '').test('a')).toBe(true);
    expect(() => linearRegExp('a', 'g')).toThrow('is not supported: flags "g"');
    expect(() => linearRegExp('a', 'ui')).toThrow(UnsupportedPatternError);
  });

  it('should say why RE2 refused, without its own prefix, keeping the pattern for the caller', () => {
    const error = (() => { try { linearRegExp('(a)\\1', 'u'); } catch (e) { return e as UnsupportedPatternError; } throw new Error('accepted'); })();
    expect(error).toMatchObject({ name: 'UnsupportedPatternError', pattern: '(a)\\1' });
    expect(error.reason).not.toMatch(/^error parsing regexp/);
  });

  it('should refuse a pattern that is not valid ECMAScript in unicode mode', () => {
    expect(() => linearRegExp('a\\-b', 'u')).toThrow('not a valid ECMAScript regular expression');
  });
});
