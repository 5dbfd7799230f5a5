import { createMemoryDatabase, createMemoryRepository } from './memoryRepository.js';
import { describeRepositoryContract } from './testing/repositoryContract.js';

describeRepositoryContract('memory', async () => createMemoryRepository(createMemoryDatabase(), 'steps', 'Step'));
