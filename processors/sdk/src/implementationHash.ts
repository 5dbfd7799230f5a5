import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { processorLabel, type AnyProcessorDefinition } from './defineProcessor.js';

/**
 * The implementation hash of a processor version: SHA-256 (hex) over the content of its
 * `implementationFiles`, in order, each framed by its length so that moving bytes from one
 * file to the next changes the hash. Line endings are normalized to LF, so a checkout on
 * another OS hashes the same. Paths are not hashed: moving a file changes nothing.
 *
 * `npm run build:hashes` writes the hashes into `implementation.sha256` at the root of the
 * processor's package; a processor refuses to start when that file is missing or stale.
 */
export const HASH_FILE_NAME = 'implementation.sha256';

export async function hashImplementation(paths: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const path of paths) {
    const content = Buffer.from((await readFile(path, 'utf8')).replace(/\r\n/g, '\n'), 'utf8');
    hash.update(`${content.length}\n`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/** `implementation.sha256` in the nearest folder above the first implementation file that has a package.json. */
export function hashFileOf(definition: Pick<AnyProcessorDefinition, 'implementationPaths'>): string {
  const first = definition.implementationPaths[0] as string;
  let folder = dirname(first);
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${first}: a processor must live in a package`);
    folder = parent;
  }
  return join(folder, HASH_FILE_NAME);
}

/** The `name@version -> hash` lines of a hash file (sha256sum style: `<hex>  <label>`). */
export function parseHashFile(text: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64}) {2}(\S+)\s*$/.exec(line);
    if (match) hashes.set(match[2] as string, match[1] as string);
  }
  return hashes;
}

export function formatHashFile(hashes: ReadonlyMap<string, string>): string {
  const lines = [...hashes].sort(([a], [b]) => a.localeCompare(b)).map(([label, hash]) => `${hash}  ${label}`);
  return `# SHA-256 of each processor version's implementation files. Written by \`npm run build:hashes\`; checked at start.\n${lines.join('\n')}\n`;
}

/**
 * The implementation hash to register: the built one, after checking it against a fresh hash
 * of the sources. Throws when the build is missing or stale, saying to rebuild.
 */
export async function builtImplementationHash(definition: AnyProcessorDefinition): Promise<string> {
  const label = processorLabel(definition);
  const file = hashFileOf(definition);
  const fresh = await hashImplementation(definition.implementationPaths);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const built = parseHashFile(text).get(label);
  if (built === undefined) {
    throw new Error(`${file} has no implementation hash for ${label}: run \`npm run build:hashes\` before starting the processor`);
  }
  if (built !== fresh) {
    throw new Error(
      `${file} is stale for ${label} (built ${built.slice(0, 12)}, sources ${fresh.slice(0, 12)}): the implementation changed since the last build; run \`npm run build:hashes\``,
    );
  }
  return built;
}

/** Writes the hash of each definition into its package's hash file; answers the files written. */
export async function writeHashFiles(definitions: readonly AnyProcessorDefinition[]): Promise<Map<string, Map<string, string>>> {
  const byFile = new Map<string, Map<string, string>>();
  for (const definition of definitions) {
    const file = hashFileOf(definition);
    const hashes = byFile.get(file) ?? new Map<string, string>();
    hashes.set(processorLabel(definition), await hashImplementation(definition.implementationPaths));
    byFile.set(file, hashes);
  }
  for (const [file, hashes] of byFile) await writeFile(file, formatHashFile(hashes));
  return byFile;
}
