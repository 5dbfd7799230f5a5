/**
 * `npm run build:hashes`: writes `implementation.sha256` into every processor package of the
 * workspace (each `processors/<name>` but the SDK), from the definitions its entry point exports.
 * `npm run build:hashes -- --check` writes nothing and fails when a file is missing or stale (CI).
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isProcessorDefinition, processorLabel, type AnyProcessorDefinition } from './defineProcessor.js';
import { builtImplementationHash, writeHashFiles } from './implementationHash.js';

const root = join(import.meta.dirname, '..', '..', '..');

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

/** Every processor definition exported by the entry point of a processor workspace. */
async function processorDefinitions(): Promise<AnyProcessorDefinition[]> {
  const workspaces = (await readJson(join(root, 'package.json'))).workspaces as string[];
  const definitions: AnyProcessorDefinition[] = [];
  for (const workspace of workspaces.filter((path) => path.startsWith('processors/') && path !== 'processors/sdk')) {
    const manifest = await readJson(join(root, workspace, 'package.json'));
    const entry = (manifest.exports as Record<string, string> | undefined)?.['.'];
    if (!entry) continue;
    const module = (await import(pathToFileURL(join(root, workspace, entry)).href)) as Record<string, unknown>;
    definitions.push(...Object.values(module).filter(isProcessorDefinition));
  }
  return definitions;
}

async function check(definitions: readonly AnyProcessorDefinition[]): Promise<boolean> {
  let ok = true;
  for (const definition of definitions) {
    try {
      await builtImplementationHash(definition);
      console.log(`ok     ${processorLabel(definition)}`);
    } catch (error) {
      ok = false;
      console.error(`stale  ${processorLabel(definition)}: ${(error as Error).message}`);
    }
  }
  return ok;
}

async function main(): Promise<void> {
  const definitions = await processorDefinitions();
  if (process.argv.includes('--check')) {
    process.exitCode = (await check(definitions)) ? 0 : 1;
    return;
  }
  for (const [file, hashes] of await writeHashFiles(definitions)) {
    for (const [label, hash] of hashes) console.log(`${hash}  ${label}  -> ${relative(root, file)}`);
  }
}

await main();
