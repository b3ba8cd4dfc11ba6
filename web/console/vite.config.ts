import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Absolute paths so the build does not depend on the directory vite is started from.
const consoleRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/console', import.meta.url));

export default defineConfig({
  root: consoleRoot,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    // The vendor chunk (React, antd, pro-components) is about 1.9 MB minified: warn only past 2 MB.
    chunkSizeWarningLimit: 2048,
    rolldownOptions: {
      output: {
        // Libraries change less often than the console: a separate chunk stays cached across releases.
        // ECharts is left out so that it stays in the lazily loaded chart chunk.
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules[\\/](?!echarts|zrender)/ }] },
      },
    },
  },
});
