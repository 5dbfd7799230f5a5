export * from './engine.js';
export * from './plan.js';
export * from './state.js';
