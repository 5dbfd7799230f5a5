import { runSubgraph } from '@flow/kit';
import { schemaDefinition } from './index.js';

await runSubgraph('schema', schemaDefinition);
