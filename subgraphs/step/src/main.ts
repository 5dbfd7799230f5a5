import { runSubgraph } from '@flow/kit';
import { stepDefinition } from './index.js';

await runSubgraph('step', stepDefinition);
