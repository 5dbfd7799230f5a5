import { runSubgraph } from '@flow/kit';
import { addressDefinition } from './index.js';

await runSubgraph('address', addressDefinition);
