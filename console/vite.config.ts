import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Two pages from one build, both under the gateway's `/console/` prefix: the console (index.html,
 * a single-page app) and GraphiQL (graphiql.html, served at `/graphiql`). No CDN: every asset is
 * bundled. esbuild compiles the JSX (no React plugin needed for a production build).
 */
export default defineConfig({
  root: here('.'),
  base: '/console/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: { console: here('index.html'), graphiql: here('graphiql.html') },
      // GraphiQL's dependencies carry React Server Components' "use client": meaningless in a bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
