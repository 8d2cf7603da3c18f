import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // PGlite's WASM start-up and a fresh database per file make the first query of a file slow.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
