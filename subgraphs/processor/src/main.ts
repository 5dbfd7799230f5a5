import { runSubgraph } from '@flow/kit';
import { processorDefinition } from './index.js';

await runSubgraph('processor', processorDefinition);
