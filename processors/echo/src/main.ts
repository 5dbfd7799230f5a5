import { runProcessor } from '@flow/processor-sdk';
import { echoProcessor } from './index.js';

await runProcessor(echoProcessor);
