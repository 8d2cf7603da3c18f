// The sessions the store opens on a Postgres server: settings the API's statements depend on,
// transactions that deadlock with each other, run again, and statements that wait for a busy pool.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDatabaseTimeouts } from '../../src/config.js';
import { isTalkgraphError } from '../../src/errors.js';
import { type Database, openDatabase, retryConflicts } from '../../src/store/database.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestDatabase, createTestStore } from '../support/databases.js';

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

  /** Two transactions that update the same two rows in opposite orders: one of them deadlocks. */
  async function crossedWrites(tries: number) {
    await store.db.query('create table if not exists pair (id int primary key, n int not null)');
    await store.db.query('truncate pair');
    await store.db.query('insert into pair values (1, 0), (2, 0)');
    let arrived = 0;
    let meet: () => void = () => {};
    const bothHoldTheirFirstRow = new Promise<void>((resolve) => {
      meet = resolve;
    });
    let runs = 0;
    const write = (first: number, second: number) =>
      retryConflicts(async () => {
        runs += 1;
        return store.db.transaction(async (tx) => {
          await tx.query('update pair set n = n + 1 where id = $1', [first]);
          if (++arrived === 2) meet();
          await bothHoldTheirFirstRow; // a run again finds it passed
          await tx.query('update pair set n = n + 1 where id = $1', [second]);
        });
      }, tries);
    const outcomes = await Promise.allSettled([write(1, 2), write(2, 1)]);
    const rows = await store.db.query<{ n: number }>('select n from pair order by id');
    return { outcomes, runs, counts: rows.map((row) => row.n) };
  }

  it('runs a transaction that lost a deadlock again, so both writes land', async () => {
    const { outcomes, runs, counts } = await crossedWrites(4);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(runs).toBe(3);
    expect(counts).toEqual([2, 2]);
  });

  it('past its tries, fails with RETRY and leaves nothing of the lost transaction', async () => {
    const { outcomes, counts } = await crossedWrites(1);
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(lost).toHaveLength(1);
    const reason = (lost[0] as PromiseRejectedResult).reason;
    expect(isTalkgraphError(reason) && reason.code).toBe('RETRY');
    expect(reason.message).toMatch(
      /collided with concurrent changes and was not applied \(1 tries\); send it again/,
    );
    expect(counts).toEqual([1, 1]);
  });

  /** Every connection of the pool (10) held by a transaction that sleeps `seconds`, while `work` runs. */
  async function withBusyPool<T>(db: Database, seconds: number, work: () => Promise<T>): Promise<T> {
    let started = 0;
    let allStarted: () => void = () => {};
    const holding = new Promise<void>((resolve) => {
      allStarted = resolve;
    });
    const sleepers = Array.from({ length: 10 }, () =>
      db.transaction(async (tx) => {
        if (++started === 10) allStarted();
        await tx.query('select pg_sleep($1)', [seconds]);
      }),
    );
    await holding;
    try {
      return await work();
    } finally {
      await Promise.all(sleepers);
    }
  }

  it('waits for a free connection before the statement deadline starts; a busy pool refuses only what waited too long', async () => {
    const database = await createTestDatabase('postgres');
    const open = (poolWaitMs: number) =>
      openDatabase(database.target, { timeouts: { ...defaultDatabaseTimeouts, queryMs: 300, poolWaitMs } });
    const patient = await open(10_000);
    const hasty = await open(100);
    try {
      // Longer in the queue than a statement's 300 ms: answered once a connection frees.
      const answer = await withBusyPool(patient, 0.8, () =>
        patient.query<{ one: number }>('select 1 as one'),
      );
      expect(answer).toEqual([{ one: 1 }]);

      const refusal = await withBusyPool(hasty, 0.8, () => hasty.query('select 1').catch((error) => error));
      expect(isTalkgraphError(refusal) && refusal.code).toBe('DATABASE_UNAVAILABLE');
      expect(refusal.message).toMatch(/Every database connection stayed busy for 100 ms/);
      // Not a failing server: the next statement is sent, not refused for a while.
      expect(await hasty.query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
      // A statement that does run past its deadline on a connection is still cut.
      const slow = await patient.query('select pg_sleep(1)').catch((error) => error);
      expect(slow.message).toMatch(/did not answer within 300 ms/);
    } finally {
      await patient.close();
      await hasty.close();
      await database.drop();
    }
  });

  it('a statement cancelled from outside is a 503 for it alone, not a server failure or an internal error', async () => {
    const database = await createTestDatabase('postgres');
    const db = await openDatabase(database.target, {
      timeouts: { ...defaultDatabaseTimeouts, queryMs: 30_000 },
    });
    try {
      const sleeping = db.query("select pg_sleep(20), 'cancel me' as mark").catch((error) => error);
      // As an operator would: pg_cancel_backend on the session running it, once it runs.
      let cancelled = false;
      while (!cancelled) {
        const [row] = await db.query<{ done: boolean }>(
          `select pg_cancel_backend(pid) as done from pg_stat_activity
            where query like '%''cancel me''%' and pid <> pg_backend_pid() and state = 'active'`,
        );
        cancelled = row?.done === true;
        if (!cancelled) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const error = await sleeping;
      expect(isTalkgraphError(error) && error.code).toBe('DATABASE_UNAVAILABLE');
      expect(error.message).toMatch(/cancelled the statement/);
      // The server is fine: the next statement is sent, not refused for a while.
      expect(await db.query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
      await database.drop();
    }
  });

  it('a statement cancelled while it waited behind another on its connection leaves the next ones their own answers', async () => {
    // postgres.js 3.4.9 sends statements on a busy connection one after another without waiting
    // (pipelining). One cancelled while it waited (a request past its deadline) was skipped when its
    // turn came, though the server still answered it: the statement after it got its answer, and
    // every later one the one before's (the soak's "offset is out of range" and errors of statements
    // that were never sent). Patched in patches/postgres+3.4.9.patch.
    const database = await createTestDatabase('postgres');
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      await sql`select 1`; // connected, so that the next statements are sent without waiting
      const first = sql`select pg_sleep(0.3) as slept`;
      const cancelled = sql`select 'cancelled' as which, pg_sleep(0.3)`;
      const after = sql`select 1 as a, 2 as b, 3 as c`;
      const last = sql`select 'last' as which`;
      const outcomes = Promise.allSettled([first, cancelled, after, last]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((cancelled as unknown as { state: unknown }).state).toBeTruthy(); // sent, behind the first
      await cancelled.cancel();
      const [a, b, c, d] = await outcomes;
      expect(a).toMatchObject({ status: 'fulfilled' });
      expect(b).toMatchObject({ status: 'rejected', reason: { code: '57014' } });
      expect(c).toEqual({ status: 'fulfilled', value: expect.arrayContaining([{ a: 1, b: 2, c: 3 }]) });
      expect(d).toEqual({ status: 'fulfilled', value: expect.arrayContaining([{ which: 'last' }]) });
      expect(await sql`select 'next' as which`).toEqual([{ which: 'next' }]);
    } finally {
      await sql.end();
      await database.drop();
    }
  });

  it('answers a statement whole after the one before it on the same connection failed mid-stream', async () => {
    // One connection (statements one after another): the first sends three rows, then fails.
    const database = await createTestDatabase('postgres');
    const db = await openDatabase(database.target);
    try {
      const failed = await db
        .query('select i, 1 / (4 - i) as boom from generate_series(1, 10) i')
        .catch((e) => e);
      expect(failed.message).toMatch(/division by zero/);
      expect(await db.query('select x from generate_series(1, 3) x')).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
