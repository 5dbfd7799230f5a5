import { createMemoryGraphRevision } from './graphRevision.js';
import { createMemoryDatabase, createMemoryRepository } from './memoryRepository.js';
import { describeGraphRevisionContract } from './testing/graphRevisionContract.js';

// In one process every view of the embedded backend's token is the same object.
describeGraphRevisionContract('memory', async () => {
  const revision = createMemoryGraphRevision();
  return { revision, elsewhere: revision, repository: createMemoryRepository(createMemoryDatabase(), 'steps', 'Step') };
});
