import { describeExecutionStoreContract } from '../testing/executionStoreContract.js';
import { createMemoryExecutionStore } from './memoryExecutionStore.js';

describeExecutionStoreContract('memory', async () => createMemoryExecutionStore());
