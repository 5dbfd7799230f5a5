/**
 * Writes the SDL of the eight entity managers, generated from their declarations
 * (`subgraphs/<name>/src/index.ts`), into this folder, then composes every subgraph SDL file
 * here (those eight and the hand-written `orchestrator.graphql`) into `supergraph.graphql`
 * with @apollo/composition; the gateway serves that static supergraph. `--check` writes
 * nothing and fails when a checked-in file differs from a fresh generation (CI's drift check).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { entityDefinitions } from '@flow/entity-graph';
import { entitySdl } from '@flow/kit';
import { servicePorts, subgraphNames, type SubgraphName } from '@flow/platform';
import { parse } from 'graphql';

const folder = new URL('./', import.meta.url);
const check = process.argv.includes('--check');

const generatedHeader = (name: string): string =>
  `# Generated from subgraphs/${name}/src/index.ts by \`npm run compose\`: edit the declaration, not this file.\n`;

/** Subgraph name -> SDL text: generated for the entity managers, read for the orchestrator. */
const sdl = new Map<SubgraphName, string>(
  subgraphNames.map((name) => {
    const definition = name === 'orchestrator' ? undefined : entityDefinitions[name];
    return [name, definition ? generatedHeader(name) + entitySdl(definition) : readFileSync(new URL(`${name}.graphql`, folder), 'utf8')];
  }),
);

const composed = composeServices(
  subgraphNames.map((name) => ({ name, url: `http://127.0.0.1:${servicePorts[name]}/graphql`, typeDefs: parse(sdl.get(name) as string) })),
);
if (composed.errors) {
  for (const error of composed.errors) console.error(error.message);
  process.exit(1);
}

const outputs = new Map<string, string>([
  ...[...sdl].filter(([name]) => name !== 'orchestrator').map(([name, text]): [string, string] => [`${name}.graphql`, text]),
  ['supergraph.graphql', `${composed.supergraphSdl.trimEnd()}\n`],
]);
const stale = [...outputs].filter(([file, text]) => readFileSync(new URL(file, folder), 'utf8') !== text).map(([file]) => file);
if (check) {
  if (stale.length > 0) {
    console.error(`schema/${stale.join(', schema/')} out of date: run \`npm run compose\` and commit the result`);
    process.exit(1);
  }
  console.log(`schema/: ${outputs.size} generated files are up to date`);
} else {
  for (const file of stale) writeFileSync(new URL(file, folder), outputs.get(file) as string);
  console.log(`schema/: wrote ${stale.length} of ${outputs.size} generated files${stale.length ? ` (${stale.join(', ')})` : ''}`);
}
