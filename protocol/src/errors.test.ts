import { describe, expect, it } from 'vitest';
import { ActivityErrorType, DeadLetterReason } from './errors.js';
import { protocolDoc } from './testing/protocolDoc.js';

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
