import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDeadline } from '../../src/store/request-deadline.js';
import type { Store } from '../../src/store/store.js';
import { createTestStore } from '../support/databases.js';

describe('one deadline for all of a request’s statements', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await createTestStore('pglite'));
  });
  afterAll(() => dispose?.());

  it('statements run until the limit, then the request is refused with QUERY_TOO_COMPLEX', async () => {
    let clock = 1_000;
    const db = withDeadline(store.db, 50, () => clock);
    expect(await db.query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
    clock += 40;
    await db.transaction((tx) => tx.query('select 1'));
    clock += 20; // 60 ms since the request began
    await expect(db.query('select 1')).rejects.toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      message: expect.stringMatching(/took longer than its 50 ms limit \(REQUEST_TIMEOUT_MS\)/),
    });
    await expect(db.transaction((tx) => tx.query('select 1'))).rejects.toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
    });
  });

  it('statements through the deadline are seen by the database’s statement listeners', async () => {
    const seen: string[] = [];
    const stop = store.db.onStatement((text) => {
      seen.push(text);
    });
    await withDeadline(store.db, 10_000).query('select 2');
    stop();
    expect(seen).toEqual(['select 2']);
  });
});
