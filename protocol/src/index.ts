export * from './messages.js';
export * from './heartbeat.js';
export * from './errors.js';
export * from './jsonSchema.js';
