// One small interface over both drivers: PGlite (embedded, the default) and postgres.js (a server).
// The triple store's queries are hand-written SQL with $n parameters and run unchanged on both.
// A server that is down, refuses, or stops answering is reported as DATABASE_UNAVAILABLE within
// the configured deadlines (src/config.ts DatabaseTimeouts), never as a hang or an unexpected error.
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import {
  type DatabaseTarget,
  type DatabaseTimeouts,
  defaultDatabaseTimeouts,
  describeTarget,
} from '../config.js';
import { isTalkgraphError, TalkgraphError } from '../errors.js';

export type Backend = DatabaseTarget['backend'];

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<Row[]>;
}

export interface QueryOptions {
  /**
   * Plan the statement once per connection rather than for every set of parameters: for statements
   * whose good plan does not depend on the parameters' values (the API's per-request lookups, related
   * talks), where planning cost as much as running them. Only a server honours it; PGlite plans as
   * usual.
   */
  planOnce?: boolean;
  /** A deadline other than the database's query timeout (the readiness probe's); a server only. */
  timeoutMs?: number;
}

export interface Database extends Queryable {
  readonly backend: Backend;
  /** Where it is, without secrets: "memory:", "pglite:/path", "postgres://user@host/db". */
  readonly description: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Called with the text of every statement sent; returns a function that stops listening. A
   * listener may return a function, called once the statement has finished (with its error if it
   * failed): metrics and tracing time statements with it.
   */
  onStatement(listener: StatementListener): () => void;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noConfusingVoidType: a listener that only counts statements returns nothing.
export type StatementListener = (text: string) => StatementEnd | undefined | void;
export type StatementEnd = (error?: unknown) => void;

export interface OpenOptions {
  /** Keep retrying an unreachable server this long before failing (0: one attempt). */
  waitSeconds?: number;
  /** A server's deadlines (default: src/config.ts defaultDatabaseTimeouts). */
  timeouts?: DatabaseTimeouts;
}

// int8 (ids, counts) arrives as a JS number on both drivers: ids stay far below 2^53.
const INT8 = 20;

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  return target.backend === 'pglite'
    ? openPglite(target.dataDir)
    : openPostgres(target.url, options.waitSeconds ?? 0, options.timeouts ?? defaultDatabaseTimeouts);
}

const finishedUnobserved: StatementEnd = () => {};

abstract class BaseDatabase implements Database {
  abstract readonly backend: Backend;
  abstract readonly description: string;
  private readonly listeners = new Set<StatementListener>();

  /** Tells the listeners a statement starts; the function returned tells them it finished. */
  protected notify(text: string): StatementEnd {
    const ends: StatementEnd[] = [];
    for (const listener of this.listeners) {
      const end = listener(text);
      if (end) ends.push(end);
    }
    if (ends.length === 0) return finishedUnobserved;
    return (error) => {
      for (const end of ends) end(error);
    };
  }

  /** Runs `statement`, telling the listeners when it starts and finishes. */
  protected async observe<T>(text: string, statement: () => Promise<T>): Promise<T> {
    const end = this.notify(text);
    try {
      const result = await statement();
      end();
      return result;
    } catch (error) {
      end(error);
      throw error;
    }
  }

  onStatement(listener: StatementListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  abstract query<Row>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<Row[]>;
  abstract transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  abstract close(): Promise<void>;
}

class PgliteDatabase extends BaseDatabase {
  readonly backend = 'pglite' as const;

  constructor(
    private readonly pg: PGlite,
    readonly description: string,
    private readonly releaseLock: () => void,
  ) {
    super();
  }

  query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.observe(text, async () => (await this.pg.query<Row>(text, params as unknown[])).rows);
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      work({
        query: <Row>(text: string, params: readonly unknown[] = []) =>
          this.observe(text, async () => (await tx.query<Row>(text, params as unknown[])).rows),
      }),
    );
  }

  async close(): Promise<void> {
    try {
      if (!this.pg.closed) await this.pg.close();
    } finally {
      this.releaseLock();
    }
  }
}

async function openPglite(dataDir: string | null): Promise<Database> {
  const description = dataDir ? `pglite:${dataDir}` : 'memory:';
  let releaseLock = () => {};
  if (dataDir) {
    try {
      mkdirSync(dirname(dataDir), { recursive: true });
    } catch (error) {
      throw new TalkgraphError('BAD_CONFIG', `${description}: cannot create the folder (${reason(error)})`);
    }
    // A folder reached through a symbolic link is one folder: lock it by its real path, so two
    // processes that name it differently still take turns.
    releaseLock = lockFolder(realFolder(dataDir));
  }
  try {
    // Imported here, not at the top: the module alone costs ~50 MB of memory that a server on
    // Postgres never needs.
    const [{ PGlite }, { pg_trgm }, { unaccent }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('@electric-sql/pglite/contrib/unaccent'),
    ]);
    const pg = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      extensions: { pg_trgm, unaccent },
      parsers: { [INT8]: (value: string) => Number(value) },
    });
    return new PgliteDatabase(pg, description, releaseLock);
  } catch (error) {
    releaseLock();
    throw new TalkgraphError(
      'DATABASE_UNAVAILABLE',
      `${description}: cannot open the database (${reason(error)})`,
      {
        cause: error,
      },
    );
  }
}

function realFolder(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path; // not created yet: no link to follow
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it. A lock
 * file beside the folder holds the owner's pid; a lock whose process is gone is taken over.
 */
function lockFolder(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new TalkgraphError(
          'BAD_CONFIG',
          `pglite:${dataDir}: cannot write ${lockPath} (${reason(error)})`,
        );
      }
      const owner = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        const server = readServerRecord(dataDir);
        throw new DatabaseLockedError(dataDir, owner, server?.pid === owner ? server.url : null);
      }
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new TalkgraphError('DATABASE_LOCKED', `pglite:${dataDir}: could not take the lock ${lockPath}`);
}

/** A PGlite folder another process holds; `serverUrl` when that process is a server that said where. */
export class DatabaseLockedError extends TalkgraphError {
  constructor(
    readonly folder: string,
    readonly owner: number,
    readonly serverUrl: string | null,
  ) {
    super(
      'DATABASE_LOCKED',
      `pglite:${folder} is in use by process ${owner}; stop it or use another DATABASE_URL`,
    );
    this.name = 'DatabaseLockedError';
  }
}

/** A server's note beside the folder's lock, saying where it answers (src/server/main.ts). */
interface ServerRecord {
  pid: number;
  url: string;
}

const serverRecordPath = (dataDir: string) => `${dataDir}.server`;

function readServerRecord(dataDir: string): ServerRecord | null {
  try {
    const record = JSON.parse(readFileSync(serverRecordPath(dataDir), 'utf8')) as Partial<ServerRecord>;
    return typeof record.pid === 'number' && typeof record.url === 'string'
      ? { pid: record.pid, url: record.url }
      : null;
  } catch {
    return null; // none, or half-written: the lock's message says enough
  }
}

/**
 * Notes beside the PGlite folder this process holds that a server answers at `url`, so that a
 * command refused the folder can say where to send its work instead. Returns the function that
 * removes the note (only while it is still this process's). The lock itself is unchanged.
 */
export function recordServer(dataDir: string, url: string): () => void {
  const folder = realFolder(dataDir);
  try {
    writeFileSync(serverRecordPath(folder), JSON.stringify({ pid: process.pid, url }));
  } catch {
    return () => {}; // a read-only place: the generic "in use" message it is
  }
  return () => {
    if (readServerRecord(folder)?.pid === process.pid) rmSync(serverRecordPath(folder), { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

class PostgresDatabase extends BaseDatabase {
  readonly backend = 'postgres' as const;
  /** Connections whose prepared statements keep one generic plan (QueryOptions.planOnce). */
  private planOnceSql: postgres.Sql | null = null;
  /**
   * After the server failed to answer, statements fail at once until then instead of each waiting
   * out its deadline: a request's later statements (and the fast path's retry through yoga) do not
   * add up, and a stalled server is not sent a pile of work. The first statement after it tries again.
   */
  private failingUntil = 0;

  constructor(
    private readonly sql: postgres.Sql,
    readonly description: string,
    private readonly connect: (settings: Record<string, string>) => postgres.Sql,
    private readonly timeouts: DatabaseTimeouts,
  ) {
    super();
  }

  query<Row>(text: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<Row[]> {
    return this.observe(text, () => this.run<Row>(text, params, options));
  }

  private async run<Row>(text: string, params: readonly unknown[], options?: QueryOptions): Promise<Row[]> {
    this.refuseWhileFailing();
    let sql = this.sql;
    if (options?.planOnce) {
      this.planOnceSql ??= this.connect({ plan_cache_mode: 'force_generic_plan' });
      sql = this.planOnceSql;
    }
    const pending = sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
    try {
      // A deadline of its own (the readiness probe's) bounds the wait for a connection too.
      return withoutHoles(
        await withDeadline(
          pending,
          options?.timeoutMs ?? this.timeouts.queryMs,
          options?.timeoutMs ?? this.timeouts.poolWaitMs,
        ),
      ) as unknown as Row[];
    } catch (error) {
      throw this.failed(error);
    }
  }

  // No client deadline inside a transaction (ingest, migrations may rightly take long): the server's
  // statement_timeout and the connect timeout bound it; connection failures are still reported.
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    this.refuseWhileFailing();
    try {
      const result = await this.sql.begin((tx) =>
        work({
          query: <Row>(text: string, params: readonly unknown[] = []) =>
            this.observe(
              text,
              async () =>
                withoutHoles(
                  await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }),
                ) as unknown as Row[],
            ),
        }),
      );
      return result as T;
    } catch (error) {
      throw this.failed(error);
    }
  }

  private refuseWhileFailing(): void {
    if (Date.now() < this.failingUntil) {
      throw new TalkgraphError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
    }
  }

  /** The error to report: DATABASE_UNAVAILABLE (the driver's detail as its cause) or the error itself. */
  private failed(error: unknown): unknown {
    // A busy pool answers this statement 503 but is no reason to refuse the next ones.
    if (error instanceof PoolBusyError) return error;
    // Cancelled by someone else (an operator's pg_cancel_backend, a cancel request that reached the
    // server after its own statement had ended): this statement failed, the server is fine.
    if (codeOf(error) === queryCanceled)
      return new TalkgraphError('DATABASE_UNAVAILABLE', 'The database cancelled the statement; try again.', {
        cause: error,
      });
    if (!isUnavailable(error)) return error;
    this.failingUntil = Date.now() + failingHoldMs;
    return isTalkgraphError(error)
      ? error
      : new TalkgraphError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.', {
          cause: error,
        });
  }

  async close(): Promise<void> {
    await Promise.all([this.sql.end({ timeout: 5 }), this.planOnceSql?.end({ timeout: 5 })]);
  }
}

/** How long statements fail at once after the server failed to answer (PostgresDatabase.failingUntil). */
const failingHoldMs = 1000;

/**
 * Errors that say the server cannot be reached or is not answering, as opposed to a statement's own
 * failure: the driver's connection errors, the network's, SQLSTATE class 08 (connection exception),
 * 53 (insufficient resources: too many connections, out of memory or disk) and 57P0x (the server is
 * shutting down or starting up).
 */
const unreachableCodes = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATE query_canceled: a cancel request or statement_timeout ended the statement. */
const queryCanceled = '57014';

/** A transaction that lost to a concurrent one (deadlock, serialization failure): it succeeds run again. */
const conflictCodes = new Set(['40P01', '40001']);

/**
 * Runs `attempt`, one whole transaction, again when it lost to a concurrent one: concurrent writes of
 * documents that share entities lock the same rows in different orders. After `tries`, RETRY.
 */
export async function retryConflicts<T>(attempt: () => Promise<T>, tries = 4): Promise<T> {
  for (let run = 1; ; run++) {
    try {
      return await attempt();
    } catch (error) {
      if (!conflictCodes.has(codeOf(error))) throw error;
      if (run >= tries)
        throw new TalkgraphError(
          'RETRY',
          `the change collided with concurrent changes and was not applied (${tries} tries); send it again`,
          { cause: error, retryAfterSeconds: 1 },
        );
      await sleep(25 * run + Math.random() * 50); // apart, so the same two do not collide again
    }
  }
}

function isUnavailable(error: unknown): boolean {
  if (isTalkgraphError(error)) return error.code === 'DATABASE_UNAVAILABLE';
  const code = codeOf(error);
  return unreachableCodes.has(code) || /^(08|53|57P0)/.test(code);
}

function codeOf(error: unknown): string {
  const err = error as { code?: unknown; errors?: unknown[] };
  // Node reports "connection refused" on every address of a host as an AggregateError with no code.
  const inner = Array.isArray(err.errors) && err.errors.length > 0 ? (err.errors[0] as typeof err) : err;
  const code = inner?.code ?? err?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * postgres.js 3.4 does not reset a connection's row counter when a statement fails after sending
 * rows (a cancelled or timed-out one, a division by zero on row 4): the next statement on that
 * connection gets its rows after as many empty slots (porsager/postgres#1119, #1181; fixed by the
 * open #1190). The server sent exactly `count` rows, so the slots before them are dropped.
 */
function withoutHoles<T extends { length: number; count?: number | null }>(result: T): T {
  if (typeof result.count !== 'number' || result.length <= result.count) return result;
  return Array.prototype.filter.call(result, () => true) as unknown as T;
}

/** Every connection stayed busy while a statement waited for one: 503, without refusing the next. */
class PoolBusyError extends TalkgraphError {}

/** How often a statement still waiting for a connection past its deadline is looked at again. */
const queuedCheckMs = 25;

/**
 * `pending`, or DATABASE_UNAVAILABLE once it has run `timeoutMs` on a connection (0: no deadline).
 * Time spent waiting for a free connection does not count: that is the pool being busy, bounded
 * by `poolWaitMs` on its own (postgres.js gives a query its `state` when a connection takes it, as
 * its own cancel does). The statement is then cancelled, so the server stops working on it (a
 * waiting one leaves the queue); a server that does not answer at all never sees the cancel.
 */
async function withDeadline<T>(
  pending: Promise<T> & { cancel(): unknown; state?: unknown },
  timeoutMs: number,
  poolWaitMs = timeoutMs,
): Promise<T> {
  if (!timeoutMs) return await pending;
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    const fail = (error: TalkgraphError) => {
      Promise.resolve(pending.cancel()).catch(() => {});
      reject(error);
    };
    let waited = false;
    const check = () => {
      const queued = pending.state === null;
      if (queued && Date.now() - started >= poolWaitMs) {
        fail(
          new PoolBusyError(
            'DATABASE_UNAVAILABLE',
            `Every database connection stayed busy for ${poolWaitMs} ms; try again shortly.`,
          ),
        );
      } else if (queued) {
        waited = true;
        timer = setTimeout(check, queuedCheckMs);
      } else if (waited) {
        // Taken by a connection since the last look: its deadline counts from about now.
        waited = false;
        timer = setTimeout(check, timeoutMs);
      } else if (Date.now() - started < timeoutMs) {
        timer = setTimeout(check, timeoutMs - (Date.now() - started)); // looked at early (a short pool wait)
      } else {
        fail(
          new TalkgraphError('DATABASE_UNAVAILABLE', `The database did not answer within ${timeoutMs} ms.`),
        );
      }
    };
    timer = setTimeout(check, Math.min(timeoutMs, poolWaitMs));
  });
  try {
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
  }
}

// Server errors that waiting will not fix: bad credentials, a missing database, no permission.
const permanentCodes = new Set(['28P01', '28000', '3D000', '42501']);

async function openPostgres(url: string, waitSeconds: number, timeouts: DatabaseTimeouts): Promise<Database> {
  const description = describeTarget({ backend: 'postgres', url });
  const connect = (settings: Record<string, string> = {}) =>
    postgres(url, {
      max: 10,
      idle_timeout: 30,
      connect_timeout: timeouts.connectMs / 1000,
      // Seconds before a closed connection is opened again. The driver's own grows with every failed
      // attempt to 20 s, so a server back after a restart of a few seconds (with requests failing
      // all the while) was used again only 7–20 s later; now within a second.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
      onnotice: () => {},
      types: {
        bigint: { to: INT8, from: [INT8], serialize: (value: number) => String(value), parse: Number },
      },
      connection: {
        application_name: 'talkgraph',
        statement_timeout: timeouts.statementMs,
        // No LLVM JIT: a compiled API statement over several lists is estimated above the server's
        // jit_above_cost and spent a second compiling, each time, what then ran in 3 ms.
        jit: 'off',
        ...settings,
      },
    });
  const sql = connect();
  const deadline = Date.now() + waitSeconds * 1000;
  // Each attempt is bounded too, the last one by what is left of the wait: a server that accepts
  // connections but never answers cannot stretch DATABASE_WAIT_SECONDS.
  const attemptMs = timeouts.connectMs + timeouts.queryMs;
  for (;;) {
    const left = deadline - Date.now();
    try {
      await withDeadline(sql`select 1`, left > 0 ? Math.min(attemptMs, Math.max(left, 100)) : attemptMs);
      return new PostgresDatabase(sql, description, connect, timeouts);
    } catch (error) {
      const code = codeOf(error);
      if (permanentCodes.has(code) || Date.now() + 100 >= deadline) {
        sql.end({ timeout: 0 }).catch(() => {});
        const waited = waitSeconds > 0 ? ` after waiting ${waitSeconds} s` : '';
        throw new TalkgraphError('DATABASE_UNAVAILABLE', `${description}: ${reason(error)}${waited}`, {
          cause: error,
        });
      }
      await sleep(Math.min(500, deadline - Date.now()));
    }
  }
}

/** A one-line account of a driver or file-system error. */
function safeJson(value: object): string {
  try {
    return JSON.stringify(value) ?? 'unknown error';
  } catch {
    return 'unknown error';
  }
}

function reason(error: unknown): string {
  const err = error as { code?: string; message?: string; errors?: unknown[] };
  // Node reports "connection refused" on every address of a host as an AggregateError with no message.
  const inner = Array.isArray(err.errors) && err.errors.length > 0 ? (err.errors[0] as typeof err) : err;
  // Some errors are plain objects (PGlite's), which String() would print as "[object Object]".
  const described =
    typeof error === 'object' && error !== null && !(error instanceof Error)
      ? safeJson(error)
      : String(error);
  const message = (inner.message || err.message || described).split('\n')[0] ?? 'unknown error';
  const code = inner.code ?? err.code;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
