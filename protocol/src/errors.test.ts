import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ActivityErrorType, DeadLetterReason } from './errors.js';

/** docs/protocol.md, found upwards from this file (the protocol module may move between workspaces). */
function protocolDoc(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, 'docs', 'protocol.md');
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new Error('docs/protocol.md not found above the protocol module');
}

/** The table rows of the doc: `| `NAME` | `value` | meaning |`. */
function documentedRow(name: string, value: string): RegExp {
  const code = (text: string) => `\`${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``;
  return new RegExp(`^\\| ${code(name)} \\| ${code(value)} \\| \\S.*\\|$`, 'm');
}

describe('the protocol error constants', () => {
  const doc = protocolDoc();

  it.each([
    ...Object.entries(ActivityErrorType).map(([name, value]): [string, string, string] => ['ActivityErrorType', name, value]),
    ...Object.entries(DeadLetterReason).map(([name, value]): [string, string, string] => ['DeadLetterReason', name, value]),
  ])('should list %s.%s in docs/protocol.md with its meaning', (_family, name, value) => {
    expect(documentedRow(name, value).test(doc), `a row | \`${name}\` | \`${value}\` | meaning | in docs/protocol.md`).toBe(true);
  });
});
