// The sessions the store opens on a Postgres server: settings the API's statements depend on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';

// PGlite is built without LLVM: only a server can JIT-compile statements (CI always has one).
describe.skipIf(!backends.includes('postgres'))('Postgres sessions', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await createTestStore('postgres'));
  });
  afterAll(() => dispose?.());

  it('run without LLVM JIT, which spent a second compiling a compiled query over three lists that then ran in 3 ms', async () => {
    // Both kinds of session: per-request lookups (planned once) and the rest.
    const [plain] = await store.db.query<{ jit: string }>('show jit');
    const [planOnce] = await store.db.query<{ jit: string }>('show jit', [], { planOnce: true });
    expect([plain?.jit, planOnce?.jit]).toEqual(['off', 'off']);
  });
});
