export type { Cache, CacheEntry, CacheMap } from './cache.js';
export { createHazelcastCache, type HazelcastCacheOptions } from './hazelcastCache.js';
export { createMemoryCache, createMemoryCacheCluster, type MemoryCacheCluster } from './memoryCache.js';
