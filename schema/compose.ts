/**
 * Composes the subgraph SDL files of this folder into `supergraph.graphql` with
 * @apollo/composition (the gateway serves this static supergraph). `--check` fails when
 * the checked-in file differs from a fresh composition (CI's drift check).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { servicePorts, subgraphNames } from '@flow/platform';

const folder = new URL('./', import.meta.url);
const target = new URL('supergraph.graphql', folder);

const composed = composeServices(
  subgraphNames.map((name) => ({
    name,
    url: `http://127.0.0.1:${servicePorts[name]}/graphql`,
    typeDefs: parse(readFileSync(new URL(`${name}.graphql`, folder), 'utf8')),
  })),
);
if (composed.errors) {
  for (const error of composed.errors) console.error(error.message);
  process.exit(1);
}
const supergraph = `${composed.supergraphSdl.trimEnd()}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== supergraph) {
    console.error('schema/supergraph.graphql is out of date: run `npm run compose` and commit it');
    process.exit(1);
  }
  console.log('schema/supergraph.graphql is up to date');
} else {
  writeFileSync(target, supergraph);
  console.log(`composed ${subgraphNames.length} subgraphs into schema/supergraph.graphql`);
}
