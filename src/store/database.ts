// One small interface over both drivers: PGlite (embedded, the default) and postgres.js (a server).
// The triple store's queries are hand-written SQL with $n parameters and run unchanged on both.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { type DatabaseTarget, describeTarget } from '../config.js';
import { TalkgraphError } from '../errors.js';

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
}

export interface Database extends Queryable {
  readonly backend: Backend;
  /** Where it is, without secrets: "memory:", "pglite:/path", "postgres://user@host/db". */
  readonly description: string;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Called with the text of every statement sent; returns a function that stops listening. */
  onStatement(listener: (text: string) => void): () => void;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Keep retrying an unreachable server this long before failing (0: one attempt). */
  waitSeconds?: number;
}

// int8 (ids, counts) arrives as a JS number on both drivers: ids stay far below 2^53.
const INT8 = 20;

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  return target.backend === 'pglite'
    ? openPglite(target.dataDir)
    : openPostgres(target.url, options.waitSeconds ?? 0);
}

abstract class BaseDatabase implements Database {
  abstract readonly backend: Backend;
  abstract readonly description: string;
  private readonly listeners = new Set<(text: string) => void>();

  protected notify(text: string): void {
    for (const listener of this.listeners) listener(text);
  }

  onStatement(listener: (text: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  abstract query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
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

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    this.notify(text);
    const result = await this.pg.query<Row>(text, params as unknown[]);
    return result.rows;
  }

  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      work({
        query: async <Row>(text: string, params: readonly unknown[] = []) => {
          this.notify(text);
          return (await tx.query<Row>(text, params as unknown[])).rows;
        },
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
    releaseLock = lockFolder(dataDir);
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
        throw new TalkgraphError(
          'DATABASE_LOCKED',
          `pglite:${dataDir} is in use by process ${owner}; stop it or use another DATABASE_URL`,
        );
      }
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new TalkgraphError('DATABASE_LOCKED', `pglite:${dataDir}: could not take the lock ${lockPath}`);
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

  constructor(
    private readonly sql: postgres.Sql,
    readonly description: string,
    private readonly connect: (settings: Record<string, string>) => postgres.Sql,
  ) {
    super();
  }

  async query<Row>(text: string, params: readonly unknown[] = [], options?: QueryOptions): Promise<Row[]> {
    this.notify(text);
    let sql = this.sql;
    if (options?.planOnce) {
      this.planOnceSql ??= this.connect({ plan_cache_mode: 'force_generic_plan' });
      sql = this.planOnceSql;
    }
    return (await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    })) as Row[];
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const result = await this.sql.begin((tx) =>
      work({
        query: async <Row>(text: string, params: readonly unknown[] = []) => {
          this.notify(text);
          return (await tx.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
            prepare: true,
          })) as Row[];
        },
      }),
    );
    return result as T;
  }

  async close(): Promise<void> {
    await Promise.all([this.sql.end({ timeout: 5 }), this.planOnceSql?.end({ timeout: 5 })]);
  }
}

// Server errors that waiting will not fix: bad credentials, a missing database, no permission.
const permanentCodes = new Set(['28P01', '28000', '3D000', '42501']);

async function openPostgres(url: string, waitSeconds: number): Promise<Database> {
  const description = describeTarget({ backend: 'postgres', url });
  const connect = (settings: Record<string, string> = {}) =>
    postgres(url, {
      max: 10,
      idle_timeout: 30,
      connect_timeout: 5,
      onnotice: () => {},
      types: {
        bigint: { to: INT8, from: [INT8], serialize: (value: number) => String(value), parse: Number },
      },
      connection: { application_name: 'talkgraph', ...settings },
    });
  const sql = connect();
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      await sql`select 1`;
      return new PostgresDatabase(sql, description, connect);
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (permanentCodes.has(code) || Date.now() >= deadline) {
        await sql.end({ timeout: 1 }).catch(() => {});
        const waited = waitSeconds > 0 ? ` after waiting ${waitSeconds} s` : '';
        throw new TalkgraphError('DATABASE_UNAVAILABLE', `${description}: ${reason(error)}${waited}`, {
          cause: error,
        });
      }
      await sleep(500);
    }
  }
}

/** A one-line account of a driver or file-system error. */
function reason(error: unknown): string {
  const err = error as { code?: string; message?: string; errors?: unknown[] };
  // Node reports "connection refused" on every address of a host as an AggregateError with no message.
  const inner = Array.isArray(err.errors) && err.errors.length > 0 ? (err.errors[0] as typeof err) : err;
  const message = (inner.message || err.message || String(error)).split('\n')[0] ?? 'unknown error';
  const code = inner.code ?? err.code;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
