import { entitySubgraphNames, type EntitySubgraphName } from '@flow/platform';
import { runSubgraph } from '@flow/kit';
import { entityDefinitions } from './index.js';

/** Runs one entity manager alone: `main.ts <subgraph>`, e.g. `main.ts step`. */
const name = process.argv[2] as EntitySubgraphName;
if (!entitySubgraphNames.includes(name)) {
  console.error(`usage: main.ts <${entitySubgraphNames.join('|')}> (got ${JSON.stringify(process.argv[2] ?? null)})`);
  process.exit(2);
}
await runSubgraph(name, entityDefinitions[name]);
