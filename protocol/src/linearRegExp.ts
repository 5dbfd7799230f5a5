import type { RegExpEngine, RegExpLike } from 'ajv/dist/types/index.js';
import { RE2JS } from 're2js';

/**
 * The regular-expression engine of every JSON Schema `pattern`, `patternProperties` and
 * `propertyNames` pattern: RE2 (the `re2js` port, pure JavaScript), whose matching time is linear
 * in the subject. Schemas are user input; V8's backtracking engine takes time exponential in the
 * subject for patterns such as `^(a+)+$`, and one such check blocks a manager's event loop.
 *
 * Why not the alternatives: the native `re2` package downloads a prebuilt binary at install (or
 * needs a C++ toolchain and Node headers); `re2-wasm` has a fixed 16 MiB heap and no way to free
 * a compiled pattern, so a long-lived process aborts after a few thousand distinct patterns.
 */

/** An ECMAScript pattern that RE2 cannot run (a backreference, a lookaround, a huge repeat count). */
export class UnsupportedPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`pattern ${JSON.stringify(pattern)} is not supported: ${reason}`);
    this.name = 'UnsupportedPatternError';
  }
}

class Re2Pattern implements RegExpLike {
  constructor(
    private readonly source: string,
    private readonly re2: RE2JS,
  ) {}

  /** Unanchored search, as ECMAScript's `RegExp.prototype.test` and JSON Schema's `pattern`. */
  test(subject: string): boolean {
    return this.re2.test(subject);
  }

  /** ajv keys compiled patterns by this text: it must differ for different patterns. */
  toString(): string {
    return `/${this.source}/u`;
  }
}

/**
 * Compiles an ECMAScript pattern (as JSON Schema requires, in unicode mode) for RE2. A pattern
 * must be valid ECMAScript and expressible in RE2; anything else is refused with
 * {@link UnsupportedPatternError} when the schema is compiled, never silently approximated.
 */
function compile(pattern: string, flags: string): Re2Pattern {
  if (flags !== '' && flags !== 'u') throw new UnsupportedPatternError(pattern, `flags ${JSON.stringify(flags)}`);
  try {
    // Compiling (not running) a V8 RegExp is linear: it only checks the ECMAScript syntax.
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new UnsupportedPatternError(pattern, `not a valid ECMAScript regular expression (${(error as Error).message})`);
  }
  try {
    return new Re2Pattern(pattern, RE2JS.compile(RE2JS.translateRegExp(pattern)));
  } catch (error) {
    // Stryker disable next-line Regex: RE2 puts its prefix at the start of the message only
    const detail = (error as Error).message.replace(/^error parsing regexp: /, '');
    throw new UnsupportedPatternError(pattern, `the linear-time engine (RE2) cannot run it: ${detail} (backreferences, lookaround and repeat counts over 1000 are not supported)`);
  }
}

/** ajv's `code.regExp` option. `code` is only read for standalone code, which is not used here. */
// Stryker disable next-line StringLiteral,ObjectLiteral: ajv reads `code` only when generating standalone code, which nothing here does
export const linearRegExp = Object.assign(compile, { code: 'require("re2js").RE2JS' }) satisfies RegExpEngine;
