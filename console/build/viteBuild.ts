/**
 * One Vite build of the console and GraphiQL, run by ensureConsoleBuilt in a child process of
 * its own. This process exists to build for production, so it says so before Vite reads it:
 * started from a test run (NODE_ENV=test) Vite would bundle React's development build,
 * 67 KiB gzip heavier and slower.
 */
process.env.NODE_ENV = 'production';
const { build } = await import('vite');
await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname });
