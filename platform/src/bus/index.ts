export * from './bus.js';
export { DEAD_LETTER_SCAN_LIMIT } from './deadLetters.js';
export { DEATH_REASON_HEADER, DeadLetterReason } from './busRules.js';
export { createAmqpBus, type AmqpBusOptions } from './amqpBus.js';
export { coalesceFrames } from './amqpFrames.js';
export { createMemoryBus, type MemoryBusOptions } from './memoryBus.js';
