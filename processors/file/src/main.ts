import { runProcessor } from '@flow/processor-sdk';
import { fileProcessor } from './index.js';

await runProcessor(fileProcessor);
