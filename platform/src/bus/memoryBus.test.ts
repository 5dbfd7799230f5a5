import { describeBusContract } from './busContract.js';
import { createMemoryBus } from './memoryBus.js';

describeBusContract('memory', async () => createMemoryBus());
