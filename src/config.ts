// The one reader of process.env: parses the environment once, reports every problem together.
import { resolve } from 'node:path';
import { TalkgraphError } from './errors.js';
import { checkIriBase, defaultIriBase } from './store/rdf.js';

/** Where the triple store lives. */
export type DatabaseTarget =
  | { backend: 'pglite'; dataDir: string | null } // null: in memory
  | { backend: 'postgres'; url: string };

export interface Config {
  database: DatabaseTarget;
  host: string;
  port: number;
  /** Seconds `serve`/`start` keep retrying an unreachable database before giving up. */
  databaseWaitSeconds: number;
  databaseTimeouts: DatabaseTimeouts;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  production: boolean;
  /** Serve plain JSON POSTs without yoga's Fetch-API adaptation (src/server/json-post.ts). */
  httpFastPath: boolean;
  /** Origins whose pages may call the API from a browser; `:*` allows any port (src/server/cors.ts). */
  corsOrigins: string[];
  /** Port serving Prometheus metrics at /metrics, apart from the API (METRICS_PORT); null: off. */
  metricsPort: number | null;
  /** Where OpenTelemetry traces go over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT); null: no tracing. */
  tracing: { endpoint: string; serviceName: string } | null;
  /** How long one API request's statements may run altogether (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** What entity, predicate and document IRIs start with in RDF exports and imports (TALKGRAPH_IRI_BASE). */
  iriBase: string;
  /** Where live updates travel between server instances (REDIS_URL); null: in process only. */
  redisUrl: string | null;
  /** Every GraphQL operation and export needs a valid API token, reads included (READ_REQUIRES_TOKEN). */
  readRequiresToken: boolean;
  /** Mutations one API token may send per minute (MUTATION_RATE_LIMIT). */
  mutationRateLimit: number;
  /** Exports one server streams at once (EXPORTS_AT_ONCE); more are answered 429. */
  exportsAtOnce: number;
  /** The API token `talkgraph ingest --server` sends (TALKGRAPH_TOKEN); null: the local admin token. */
  apiToken: string | null;
  /** Worker threads that read documents, off the thread that answers queries (INGEST_WORKERS). */
  ingestWorkers: number;
  /** How long reading one document may take before it is refused (INGEST_TIMEOUT_MS). */
  ingestTimeoutMs: number;
}

/** How long a Postgres server may take before it counts as unavailable (PGlite needs none). */
export interface DatabaseTimeouts {
  /** Opening a connection, up to the server being ready for queries (DATABASE_CONNECT_TIMEOUT_MS). */
  connectMs: number;
  /**
   * The client's deadline for a statement outside a transaction, the API's statements, from when a
   * connection takes it: a stalled server cannot hold a request longer (DATABASE_QUERY_TIMEOUT_MS).
   */
  queryMs: number;
  /**
   * How long a statement may wait for a free connection when every one is busy (long ingests, a
   * burst of requests): a busy pool is not a failing server (DATABASE_POOL_WAIT_MS).
   */
  poolWaitMs: number;
  /** The server's statement_timeout, for runaway SQL in any statement; 0: none (DATABASE_STATEMENT_TIMEOUT_MS). */
  statementMs: number;
}

export const defaultDatabaseTimeouts: DatabaseTimeouts = {
  connectMs: 2000,
  queryMs: 1000,
  poolWaitMs: 10000,
  statementMs: 30000,
};

export const defaultDataDir = '.talkgraph/db';
/**
 * Exports streamed at once when EXPORTS_AT_ONCE is not set: each reads the database page after page
 * for as long as its client reads, and a few at once leave the connection pool to API requests.
 */
export const defaultExportsAtOnce = 4;

/** Mutations per minute per API token when MUTATION_RATE_LIMIT is not set. */
export const defaultMutationRateLimit = 120;
/** Threads reading documents when INGEST_WORKERS is not set. */
export const defaultIngestWorkers = 1;
/** How long one document may take to read when INGEST_TIMEOUT_MS is not set. */
export const defaultIngestTimeoutMs = 60_000;
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * DATABASE_URL forms: postgres://user@host:5432/db (or postgresql://), pglite:<folder>, memory:.
 * Unset means a PGlite folder at ./.talkgraph/db under the working directory.
 */
export function parseDatabaseUrl(raw: string | undefined, cwd = process.cwd()): DatabaseTarget {
  const value = raw?.trim();
  if (!value) return { backend: 'pglite', dataDir: resolve(cwd, defaultDataDir) };
  if (value === 'memory:' || value === 'pglite:memory:') return { backend: 'pglite', dataDir: null };
  if (value.startsWith('pglite:')) {
    const folder = value.slice('pglite:'.length).replace(/^\/\/(?=\/|\.)/, '');
    if (!folder)
      throw new TalkgraphError('BAD_CONFIG', 'DATABASE_URL: pglite: needs a folder, e.g. pglite:./data/db');
    return { backend: 'pglite', dataDir: resolve(cwd, folder) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new TalkgraphError('BAD_CONFIG', `DATABASE_URL: not a valid URL: ${redact(value)}`);
    }
    if (!url.hostname) throw new TalkgraphError('BAD_CONFIG', `DATABASE_URL: no host in ${redact(value)}`);
    if (url.port && !/^\d+$/.test(url.port)) {
      throw new TalkgraphError('BAD_CONFIG', `DATABASE_URL: bad port in ${redact(value)}`);
    }
    return { backend: 'postgres', url: value };
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0] ?? value;
  throw new TalkgraphError(
    'BAD_CONFIG',
    `DATABASE_URL: unsupported value "${redact(scheme)}" (use postgres://user@host:5432/db, pglite:<folder> or memory:)`,
  );
}

/**
 * The URL with any password replaced (`user:***@`, `password=***`), safe for logs and error
 * messages. The only place a database URL is made printable: everything that shows one calls this.
 */
export function redact(url: string): string {
  // The user part runs to the last "@": a password may hold an unescaped "@", "/", "?" or "#", and a
  // host hidden along with it is better than a password shown. Text without "://" has no user part.
  const withoutUserPassword = url.replace(
    /^([a-z][a-z0-9+.-]*:\/\/[^:@]*):.*@/is,
    (_match, user: string) => `${user}:***@`,
  );
  return withoutUserPassword.replace(/([?&]password=)[^&#]*/gi, '$1***');
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.backend === 'postgres') return redact(target.url);
  return target.dataDir ? `pglite:${target.dataDir}` : 'memory:';
}

/** Without CORS_ORIGINS: none in production, pages served from this machine in development. */
export const developmentCorsOrigins = ['http://localhost:*', 'http://127.0.0.1:*'];
const originPattern = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:(\d{1,5}|\*))?$/;

/** CORS_ORIGINS: comma-separated origins such as https://app.example.org or http://localhost:*. */
export function parseCorsOrigins(raw: string | undefined, production: boolean) {
  if (raw === undefined || raw.trim() === '') return { value: production ? [] : developmentCorsOrigins };
  const origins = raw
    .split(',')
    .map((origin) => origin.trim().toLowerCase().replace(/\/$/, ''))
    .filter((origin) => origin !== '');
  const bad = origins.filter((origin) => !originPattern.test(origin));
  if (bad.length > 0) {
    return {
      problem: `CORS_ORIGINS: expected origins such as https://app.example.org or http://localhost:* (no "*" for any origin, no path), got ${bad.map((o) => `"${o}"`).join(', ')}`,
    };
  }
  return { value: origins };
}

/** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; traces go to <endpoint>/v1/traces. */
export function parseOtlpEndpoint(raw: string | undefined) {
  const value = raw?.trim();
  if (!value) return { value: null };
  if (!urlWith(value, ['http:', 'https:'])) {
    return {
      problem: `OTEL_EXPORTER_OTLP_ENDPOINT: expected an http(s) URL such as http://localhost:4318, got "${value}"`,
    };
  }
  // The lookbehind starts the match at the run's first slash only: linear, where /\/+$/ is quadratic.
  return { value: value.replace(/(?<!\/)\/+$/, '') };
}

/** TALKGRAPH_IRI_BASE: an http(s) IRI ending in "/" or "#" (src/store/rdf.ts). */
export function parseIriBase(raw: string | undefined) {
  const value = raw?.trim();
  if (!value) return { value: defaultIriBase };
  try {
    return { value: checkIriBase(value) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/** `value` as a URL with one of `protocols`; undefined when it is not one. */
function urlWith(value: string, protocols: readonly string[]): URL | undefined {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** REDIS_URL: redis://[user:password@]host[:port][/db] or rediss:// (TLS); unset: in process. */
export function parseRedisUrl(raw: string | undefined) {
  const value = raw?.trim();
  if (!value) return { value: null };
  const url = urlWith(value, ['redis:', 'rediss:']);
  if (!url?.hostname) {
    return {
      problem: `REDIS_URL: expected redis://host:6379 (or rediss:// for TLS), got "${redact(value)}"`,
    };
  }
  if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d+$/.test(url.pathname)) {
    return {
      problem: `REDIS_URL: the path must be a database number (redis://host:6379/0), got "${redact(value)}"`,
    };
  }
  return { value };
}

/** A yes-or-no setting: true or false (also on/off, 1/0). */
function parseFlag(name: string, raw: string | undefined, fallback: boolean) {
  const value = raw?.trim().toLowerCase();
  if (!value) return { value: fallback };
  if (['true', 'on', '1'].includes(value)) return { value: true };
  if (['false', 'off', '0'].includes(value)) return { value: false };
  return { problem: `${name}: expected true or false, got "${raw}"` };
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number) {
  if (raw === undefined || raw.trim() === '') return { value: fallback };
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    return { problem: `${name}: expected an integer from ${min} to ${max}, got "${raw}"` };
  }
  return { value };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  let database: DatabaseTarget = { backend: 'pglite', dataDir: null };
  try {
    database = parseDatabaseUrl(env.DATABASE_URL);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const port = parseInteger('PORT', env.PORT, 4000, 0, 65535);
  const wait = parseInteger('DATABASE_WAIT_SECONDS', env.DATABASE_WAIT_SECONDS, 30, 0, 3600);
  const connectMs = parseInteger(
    'DATABASE_CONNECT_TIMEOUT_MS',
    env.DATABASE_CONNECT_TIMEOUT_MS,
    defaultDatabaseTimeouts.connectMs,
    100,
    600000,
  );
  const queryMs = parseInteger(
    'DATABASE_QUERY_TIMEOUT_MS',
    env.DATABASE_QUERY_TIMEOUT_MS,
    defaultDatabaseTimeouts.queryMs,
    100,
    600000,
  );
  const poolWaitMs = parseInteger(
    'DATABASE_POOL_WAIT_MS',
    env.DATABASE_POOL_WAIT_MS,
    defaultDatabaseTimeouts.poolWaitMs,
    100,
    600000,
  );
  const statementMs = parseInteger(
    'DATABASE_STATEMENT_TIMEOUT_MS',
    env.DATABASE_STATEMENT_TIMEOUT_MS,
    defaultDatabaseTimeouts.statementMs,
    0,
    86400000,
  );
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL: expected one of ${logLevels.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const fastPath = (env.HTTP_FAST_PATH ?? 'on').trim().toLowerCase();
  if (fastPath !== 'on' && fastPath !== 'off') {
    problems.push(`HTTP_FAST_PATH: expected on or off, got "${env.HTTP_FAST_PATH}"`);
  }
  const production = env.NODE_ENV === 'production';
  const corsOrigins = parseCorsOrigins(env.CORS_ORIGINS, production);
  const metricsPort = parseInteger('METRICS_PORT', env.METRICS_PORT, 0, 1, 65535);
  const requestTimeout = parseInteger('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 10000, 100, 600000);
  const otlpEndpoint = parseOtlpEndpoint(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const iriBase = parseIriBase(env.TALKGRAPH_IRI_BASE);
  const readRequiresToken = parseFlag('READ_REQUIRES_TOKEN', env.READ_REQUIRES_TOKEN, false);
  const mutationRateLimit = parseInteger(
    'MUTATION_RATE_LIMIT',
    env.MUTATION_RATE_LIMIT,
    defaultMutationRateLimit,
    1,
    1_000_000,
  );
  const exportsAtOnce = parseInteger('EXPORTS_AT_ONCE', env.EXPORTS_AT_ONCE, defaultExportsAtOnce, 1, 1000);
  const redisUrl = parseRedisUrl(env.REDIS_URL);
  const ingestWorkers = parseInteger('INGEST_WORKERS', env.INGEST_WORKERS, defaultIngestWorkers, 1, 64);
  const ingestTimeoutMs = parseInteger(
    'INGEST_TIMEOUT_MS',
    env.INGEST_TIMEOUT_MS,
    defaultIngestTimeoutMs,
    1,
    86_400_000,
  );
  for (const result of [
    port,
    wait,
    connectMs,
    queryMs,
    poolWaitMs,
    statementMs,
    corsOrigins,
    metricsPort,
    otlpEndpoint,
    requestTimeout,
    iriBase,
    redisUrl,
    readRequiresToken,
    mutationRateLimit,
    exportsAtOnce,
    ingestWorkers,
    ingestTimeoutMs,
  ])
    if (result.problem) problems.push(result.problem);
  if (problems.length > 0) throw new TalkgraphError('BAD_CONFIG', problems.join('; '));
  return {
    database,
    host: env.HOST?.trim() || '127.0.0.1',
    port: port.value ?? 4000,
    databaseWaitSeconds: wait.value ?? 30,
    databaseTimeouts: {
      connectMs: connectMs.value ?? defaultDatabaseTimeouts.connectMs,
      queryMs: queryMs.value ?? defaultDatabaseTimeouts.queryMs,
      poolWaitMs: poolWaitMs.value ?? defaultDatabaseTimeouts.poolWaitMs,
      statementMs: statementMs.value ?? defaultDatabaseTimeouts.statementMs,
    },
    logLevel: logLevel as Config['logLevel'],
    production,
    httpFastPath: fastPath === 'on',
    corsOrigins: corsOrigins.value ?? [],
    metricsPort: metricsPort.value || null,
    tracing: otlpEndpoint.value
      ? { endpoint: otlpEndpoint.value, serviceName: env.OTEL_SERVICE_NAME?.trim() || 'talkgraph' }
      : null,
    requestTimeoutMs: requestTimeout.value ?? 10000,
    apiToken: env.TALKGRAPH_TOKEN?.trim() || null,
    iriBase: iriBase.value ?? defaultIriBase,
    redisUrl: redisUrl.value ?? null,
    readRequiresToken: readRequiresToken.value ?? false,
    mutationRateLimit: mutationRateLimit.value ?? defaultMutationRateLimit,
    exportsAtOnce: exportsAtOnce.value ?? defaultExportsAtOnce,
    ingestWorkers: ingestWorkers.value ?? defaultIngestWorkers,
    ingestTimeoutMs: ingestTimeoutMs.value ?? defaultIngestTimeoutMs,
  };
}
