import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite build` builds the screens (renderer/ → dist/renderer). `vite build --mode preload` bundles
// the Electron preload into one CommonJS file, as a sandboxed preload must be.
export default defineConfig(({ mode }) => {
  if (mode === 'preload') {
    return {
      build: {
        outDir: 'dist/electron/shell',
        emptyOutDir: false,
        target: 'node20',
        minify: false,
        lib: { entry: 'electron/shell/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
        rollupOptions: { external: ['electron'] },
      },
    };
  }
  return {
    root: 'renderer',
    // Relative asset URLs work under both app://cartwright/ (Electron) and http://host:port/ (serve).
    base: './',
    plugins: [react()],
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: false,
      chunkSizeWarningLimit: 1500,
    },
  };
});
