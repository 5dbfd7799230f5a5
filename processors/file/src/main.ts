import { createLogger, loadConfigOrExit } from '@flow/platform';
import { runProcessor } from '@flow/processor-sdk';
import { createFileProcessor, openFileSandbox } from './index.js';

// runProcessor reads the same configuration again for the rest (bus, cache, port).
const config = loadConfigOrExit('worker');
const sandbox = await openFileSandbox(config.fileProcessor).catch((error: unknown) => {
  createLogger('processor-FileProcessor', config.logLevel).fatal(`FileProcessor could not open its root: ${(error as Error).message}`);
  process.exit(78); // EX_CONFIG
});
await runProcessor(createFileProcessor(sandbox));
