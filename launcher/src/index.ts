export * from './system.js';
export { ensureDemoFlow, DEMO_FLOW_FILE, type DemoFlow } from './demo.js';
