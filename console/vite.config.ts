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
  // Always a production build, whatever NODE_ENV the building process has: Vite reads it to pick
  // React's build, the `production` export condition and esbuild's jsxDev, and a test run's
  // NODE_ENV=test bundled React's development build (67 KiB gzip heavier). These three settings
  // give, under NODE_ENV=test, the same 37 bundles byte for byte as under NODE_ENV=production.
  esbuild: { jsx: 'automatic', jsxDev: false },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  resolve: { conditions: ['module', 'browser', 'production'] },
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
