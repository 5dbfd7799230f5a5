import { describeExecutionSearchContract } from '../testing/executionSearchContract.js';
import { describeExecutionStoreContract } from '../testing/executionStoreContract.js';
import { createMemoryExecutionStore } from './memoryExecutionStore.js';

describeExecutionStoreContract('memory', async () => createMemoryExecutionStore());
describeExecutionSearchContract('memory', async () => createMemoryExecutionStore());
