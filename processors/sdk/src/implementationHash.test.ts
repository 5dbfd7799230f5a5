import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtImplementationHash, formatHashFile, hashFileOf, hashImplementation, parseHashFile } from './implementationHash.js';
import { temporaryProcessor, uniqueProcessorName } from './testing/index.js';

async function files(contents: Record<string, string>): Promise<string[]> {
  const folder = await mkdtemp(join(tmpdir(), 'flow-hash-'));
  return Promise.all(Object.entries(contents).map(async ([name, content]) => {
    const path = join(folder, name);
    await writeFile(path, content);
    return path;
  }));
}

const declaration = (name = uniqueProcessorName()) => ({
  name, version: '1.0.0', inputSchema: {}, outputSchema: {}, handle: async () => ({ ok: true }),
});

describe('implementation hash', () => {
  it('should be the SHA-256 hex of the files, the same whatever their line endings', async () => {
    const [lf] = await files({ 'a.ts': 'export const a = 1;\nexport const b = 2;\n' });
    const [crlf] = await files({ 'a.ts': 'export const a = 1;\r\nexport const b = 2;\r\n' });
    const hash = await hashImplementation([lf as string]);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashImplementation([crlf as string])).toBe(hash);
  });

  it('should change when bytes move from one file to the next, or when a file changes', async () => {
    const split = await files({ 'a.ts': 'ab', 'b.ts': 'c' });
    const moved = await files({ 'a.ts': 'a', 'b.ts': 'bc' });
    const changed = await files({ 'a.ts': 'ab', 'b.ts': 'd' });
    const hash = await hashImplementation(split);
    expect(await hashImplementation(moved)).not.toBe(hash);
    expect(await hashImplementation(changed)).not.toBe(hash);
  });

  it('should write and read sha256sum-style lines, one per processor version', () => {
    const hashes = new Map([['B@1.0.0', 'b'.repeat(64)], ['A@2.0.0', 'a'.repeat(64)]]);
    const text = formatHashFile(hashes);
    expect(text.split('\n').slice(1, 3)).toEqual([`${'a'.repeat(64)}  A@2.0.0`, `${'b'.repeat(64)}  B@1.0.0`]);
    expect(parseHashFile(text)).toEqual(hashes);
  });

  it('should answer the built hash when implementation.sha256 matches the sources', async () => {
    const definition = await temporaryProcessor(declaration());
    expect(hashFileOf(definition)).toBe(join(definition.packageDir, 'implementation.sha256'));
    expect(await builtImplementationHash(definition)).toBe(await hashImplementation(definition.implementationPaths));
  });

  it('should refuse a processor without a built hash, saying to run build:hashes', async () => {
    const definition = await temporaryProcessor(declaration(), { build: false });
    await expect(builtImplementationHash(definition)).rejects.toThrow(/has no implementation hash for .*npm run build:hashes/);
  });

  it('should refuse a stale implementation.sha256, saying to rebuild', async () => {
    const definition = await temporaryProcessor(declaration());
    await writeFile(definition.sourceFile, `${await readFile(definition.sourceFile, 'utf8')}// changed after the build\n`);
    await expect(builtImplementationHash(definition)).rejects.toThrow(/is stale .*the implementation changed since the last build; run `npm run build:hashes`/);
  });
});
