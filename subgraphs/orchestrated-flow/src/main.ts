import { runSubgraph } from '@flow/kit';
import { orchestratedFlowDefinition } from './index.js';

await runSubgraph('orchestrated-flow', orchestratedFlowDefinition);
