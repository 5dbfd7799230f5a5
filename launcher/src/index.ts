export * from './system.js';
export { ensureDemoFlow, type DemoFlow } from './demo.js';
