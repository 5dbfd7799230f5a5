import { runSubgraph } from '@flow/kit';
import { assignmentDefinition } from './index.js';

await runSubgraph('assignment', assignmentDefinition);
