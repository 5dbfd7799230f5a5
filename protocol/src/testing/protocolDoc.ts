import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** docs/protocol.md, found upwards from this file (the protocol module may move between workspaces). */
export function protocolDoc(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, 'docs', 'protocol.md');
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new Error('docs/protocol.md not found above the protocol module');
}
