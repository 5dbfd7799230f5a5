import { build } from 'vite';

/**
 * One Vite build of the console and GraphiQL, run by ensureConsoleBuilt in a child process whose
 * NODE_ENV is production: built inside a test run (NODE_ENV=test) it would bundle React's
 * development build, heavier and slower.
 */
await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname });
