// Real databases for tests: PGlite always, the Postgres server when TEST_DATABASE_URL is set.
// Every test file gets its own fresh database and drops it afterwards.
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { DatabaseTarget } from '../../src/config.js';
import type { Queryable } from '../../src/store/database.js';
import { openStore, type Store } from '../../src/store/store.js';

export type Backend = DatabaseTarget['backend'];

const serverUrl = process.env.TEST_DATABASE_URL?.trim() || undefined;
if (process.env.CI === 'true' && !serverUrl) {
  // CI must prove both backends: never skip the server half silently.
  throw new Error('CI=true but TEST_DATABASE_URL is not set: the Postgres server tests cannot run');
}

/** The backends every database test runs on. */
export const backends: Backend[] = serverUrl ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  target: DatabaseTarget;
  /** The value to put in DATABASE_URL for a child process. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database. On PGlite, a copy of the migrated template folder (tests/support/pglite-template.ts)
 * in `folder` or a scratch folder, so that a test does not pay for every migration again; `empty`
 * gives a database no migration has touched (in memory without `folder`), for tests of migrations.
 * On the server, a new database (migrated when first opened).
 */
export async function createTestDatabase(
  backend: Backend,
  options: { folder?: string; empty?: boolean } = {},
): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const template = options.empty ? undefined : inject('pgliteTemplate');
    if (!template) {
      const dataDir = options.folder ?? null;
      return {
        target: { backend, dataDir },
        url: dataDir ? `pglite:${dataDir}` : 'memory:',
        drop: async () => {},
      };
    }
    const scratch = options.folder ? null : mkdtempSync(join(tmpdir(), 'talkgraph-test-db-'));
    const dataDir = options.folder ?? join(scratch as string, 'db');
    if (existsSync(dataDir)) throw new Error(`${dataDir} exists: a test database starts in a new folder`);
    cpSync(template, dataDir, { recursive: true });
    return {
      target: { backend, dataDir },
      url: `pglite:${dataDir}`,
      drop: async () => {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      },
    };
  }
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `talkgraph_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    target: { backend, url: url.toString() },
    url: url.toString(),
    drop: async () => {
      const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}

/** A migrated store on a fresh database, and a function that closes and drops it. */
export async function createTestStore(
  backend: Backend,
  options: Parameters<typeof openStore>[1] = {},
): Promise<{ store: Store; dispose(): Promise<void> }> {
  const database = await createTestDatabase(backend);
  const store = await openStore(database.target, options);
  return {
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
}

/** Empties the graph but keeps kinds and predicates, so tests in one file do not see each other. */
export async function resetGraph(q: Queryable): Promise<void> {
  await q.query(
    // Derived tables too: truncate fires no delete triggers.
    `truncate triple_source, triple, document, talk_term, term_frequency, edge_count, search_alias,
       related_talk_list, triple_curation, retraction, merged_entity, curated_label, change, api_token,
       node restart identity cascade`,
  );
}
