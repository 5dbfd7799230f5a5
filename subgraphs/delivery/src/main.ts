import { runSubgraph } from '@flow/kit';
import { deliveryDefinition } from './index.js';

await runSubgraph('delivery', deliveryDefinition);
