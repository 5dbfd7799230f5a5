export * from './engine/index.js';
export * from './store/executionStore.js';
export * from './store/memoryExecutionStore.js';
export * from './store/mongoExecutionStore.js';
