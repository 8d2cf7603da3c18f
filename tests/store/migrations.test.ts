import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TalkgraphError } from '../../src/errors.js';
import { migrate } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';

describe.each(backends)('migrations on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
  });
  afterAll(() => dispose?.());

  const recorded = () =>
    store.db.query<{ hash: string; created_at: string }>(
      'select hash, created_at::text from drizzle.__drizzle_migrations order by created_at',
    );

  it('refuses to start when a migration the database applied has changed since, and changes nothing', async () => {
    const [, second] = await recorded();
    const original = second?.hash as string;
    await store.db.query('update drizzle.__drizzle_migrations set hash = $1 where created_at = $2', [
      'f'.repeat(64),
      second?.created_at,
    ]);
    try {
      const attempt = migrate(store.db);
      await expect(attempt).rejects.toThrow(TalkgraphError);
      await expect(migrate(store.db)).rejects.toThrow(
        /migration 0001_search_extensions was changed after this database applied it .*add a new migration/,
      );
      expect((await recorded()).length).toBeGreaterThan(18);
    } finally {
      await store.db.query('update drizzle.__drizzle_migrations set hash = $1 where created_at = $2', [
        original,
        second?.created_at,
      ]);
    }
  });

  it('a database that applied the first version of 0018 gets its checks replaced by 0019', async () => {
    const rows = await recorded();
    const [m18, m19] = rows.slice(18, 20);
    await store.db.query('update drizzle.__drizzle_migrations set hash = $1 where created_at = $2', [
      '0524947c7fdb8759514ebbb70c5bc5c2bd87653a4587a827ab14c677768e8e4c',
      m18?.created_at,
    ]);
    // A database from before 0019 has none of the migrations after it either.
    await store.db.query('delete from drizzle.__drizzle_migrations where created_at >= $1', [
      m19?.created_at,
    ]);
    const report = await migrate(store.db);
    expect(report.applied[0]).toBe('0019_reference_checks_reapplied');
    const [fn] = await store.db.query<{ body: string }>(
      "select prosrc as body from pg_proc where proname = 'talkgraph_check_triple_references'",
    );
    expect(fn?.body).toContain('WHERE missing IS NOT NULL');
  });
});
