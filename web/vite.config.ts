// The web app: the staff console at / and the phone pages at /m, two entries so that a phone
// loads only what its pages need. `npm run build:web` writes web/dist, which the server serves.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // dist/.vite/manifest.json: the import graph bench/web.ts sums the pages' JavaScript from.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: { console: here('index.html'), mobile: here('m/index.html') },
    },
  },
  server: {
    // `npm run dev:web` next to `npm start`: the API stays on the server's port.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
