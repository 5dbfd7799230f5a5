import { describeBusContract } from './busContract.js';
import { describeDeadLetterContract } from './deadLetterContract.js';
import { createMemoryBus } from './memoryBus.js';

describeBusContract('memory', async () => createMemoryBus());
describeDeadLetterContract('memory', async () => createMemoryBus());
