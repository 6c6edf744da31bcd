import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The team server serves dist/ (`serveWebApp` in @switchboard/team); hashed files go to assets/,
// which it answers with immutable caching.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: false },
});
