export * from './messages.js';
export * from './heartbeat.js';
