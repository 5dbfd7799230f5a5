/**
 * One Vite build of the console and GraphiQL, run by ensureConsoleBuilt in a child process of
 * its own (vite.config.ts makes it a production build whatever NODE_ENV this process has).
 */
import { build } from 'vite';

await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname });
