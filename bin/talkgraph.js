#!/usr/bin/env node
// The installed entry point. `npm install` compiles src/ into dist/ (the "prepare" script), and the
// command runs that JavaScript: loading the TypeScript through tsx instead costs seconds of CPU at
// every start (docs/benchmarks.md). When src/ has changed since the build (a developer editing it),
// or there is no build, it runs the TypeScript through tsx, so nothing stale ever runs.
import { readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const built = new URL('dist/cli/main.js', root);

/** The newest modification time of a TypeScript file under `folder`. */
function newestSource(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtIsCurrent() {
  try {
    return statSync(built).mtimeMs >= newestSource(new URL('src', root).pathname);
  } catch {
    return false;
  }
}

if (builtIsCurrent()) {
  await import(built.href);
} else {
  // The server's dependencies are plain JavaScript. Loaded before the TypeScript hooks are
  // registered, their hundreds of modules go through Node's own loader instead of a round trip each
  // to the hooks' thread, which made up a fifth of a warm start (docs/benchmarks.md).
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
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
