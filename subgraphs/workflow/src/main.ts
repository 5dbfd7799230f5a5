import { runSubgraph } from '@flow/kit';
import { workflowDefinition } from './index.js';

await runSubgraph('workflow', workflowDefinition);
