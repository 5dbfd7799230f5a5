import { ensureConsoleBuilt } from './index.js';

/** `npm run console:build`: builds the console and GraphiQL when missing or stale. */
const built = await ensureConsoleBuilt((message) => process.stdout.write(`${message}\n`));
if (!built) process.stdout.write('console build is up to date\n');
