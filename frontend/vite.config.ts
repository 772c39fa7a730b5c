import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The SPA is served by the PulseStage server from ../frontend_dist; in dev, Vite proxies the
// server's own paths to it so cookies and SSE work on one origin.
const backend = 'http://127.0.0.1:3000';
const proxied = ['/api', '/auth', '/events', '/health', '/pulse/respond'];

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: backend, changeOrigin: false }])),
  },
  build: {
    outDir: '../frontend_dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    assetsInlineLimit: 0, // no data: URIs (CSP keeps img-src/font-src to 'self')
    chunkSizeWarningLimit: 800,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
