#!/usr/bin/env node
// The installed entry point: run the TypeScript CLI through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

// The server's dependencies are plain JavaScript. Loaded before the TypeScript hooks are registered,
// their hundreds of modules go through Node's own loader instead of a round trip each to the hooks'
// thread, which made up a fifth of a warm start (docs/benchmarks.md).
if (process.argv[2] === 'start' || process.argv[2] === 'serve') {
  const embedded = !process.env.DATABASE_URL || /^(pglite:|memory:)/.test(process.env.DATABASE_URL);
  await Promise.all(
    [
      'graphql',
      'graphql-yoga',
      '@pothos/core',
      '@pothos/plugin-complexity',
      '@envelop/graphql-jit',
      '@escape.tech/graphql-armor-max-aliases',
      'dataloader',
      'pino',
      'postgres',
      'commander',
      'drizzle-orm/migrator',
      // PGlite only when it is the database: a server on Postgres never needs its ~50 MB.
      ...(embedded
        ? [
            '@electric-sql/pglite',
            '@electric-sql/pglite/contrib/pg_trgm',
            '@electric-sql/pglite/contrib/unaccent',
          ]
        : []),
    ].map((name) => import(name)),
  );
}
register();
await import('../src/cli/main.ts');
