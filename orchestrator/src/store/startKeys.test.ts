import { describeStartKeysContract } from '../testing/startKeysContract.js';
import { createMemoryStartKeys } from './startKeys.js';

describeStartKeysContract('memory', async () => createMemoryStartKeys());
