import { describeCacheContract } from './cacheContract.js';
import { createMemoryCache, createMemoryCacheCluster } from './memoryCache.js';

// One cluster for the suite: every instance the contract opens shares it, as clients share a
// Hazelcast cluster (each test uses fresh map and lock names).
const cluster = createMemoryCacheCluster();
describeCacheContract('memory', () => createMemoryCache(Date.now, cluster));
