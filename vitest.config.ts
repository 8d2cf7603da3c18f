import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node resolves "graphql" to its CommonJS build (what Pothos and yoga load); Vite would pick the
    // .mjs build for our own files, and graphql refuses to mix the two.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // Says which tests were left out when ../shared is missing (an error under TALKGRAPH_REQUIRE_SHARED=1).
    globalSetup: ['tests/support/seeds.ts', 'tests/support/pglite-template.ts'],
    // Budgets, not speed claims: a file that spawns the CLI or opens PGlite folders takes several
    // times longer on a busy two-core machine running two files at once than alone.
    testTimeout: 120_000,
    // One more test file than cores (vitest would run one fewer): much of a file's time is spent
    // waiting on the command-line processes, servers and databases it starts (a CI run on two
    // cores kept them busy 70% of the time with two files at once).
    maxWorkers: availableParallelism() + 1,
    hookTimeout: 120_000,
  },
});
