// How every command starts and ends: configuration read once, the store opened and always closed,
// expected failures printed as one line with a stable exit code, never a stack trace.
import { type Config, loadConfig } from '../config.js';
import { type ErrorCode, isTalkgraphError } from '../errors.js';
import { openStore, type Store } from '../store/store.js';

export const exitCodes: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 2,
  BAD_CONFIG: 2,
  NOT_FOUND: 2,
  QUERY_TOO_COMPLEX: 2,
  INGEST_REJECTED: 4,
  DATABASE_UNAVAILABLE: 3,
  DATABASE_LOCKED: 3,
  UNAUTHENTICATED: 6,
  FORBIDDEN: 6,
  RATE_LIMITED: 3,
  RETRY: 3,
  BELOW_THRESHOLD: 5,
};

/** `talkgraph ingest` wrote some documents and failed others (each named on standard error). */
export const partialExitCode = 7;

/** Prints an error as one line on stderr and sets the exit code. */
export function reportFailure(error: unknown): void {
  if (isTalkgraphError(error)) {
    process.stderr.write(`talkgraph: ${error.message}\n`);
    process.exitCode = exitCodes[error.code];
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`talkgraph: unexpected error: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}

/** Runs a command's body, turning failures into a message and an exit code. */
export function command<Args extends unknown[]>(body: (...args: Args) => Promise<void>) {
  return async (...args: Args) => {
    try {
      await body(...args);
    } catch (error) {
      reportFailure(error);
    }
  };
}

/** Opens (and migrates) the configured store for the duration of `work`. */
export async function withStore<T>(
  work: (store: Store, config: Config) => Promise<T>,
  options: { waitSeconds?: number } = {},
): Promise<T> {
  const config = loadConfig();
  const store = await openStore(config.database, {
    waitSeconds: options.waitSeconds ?? 0,
    timeouts: config.databaseTimeouts,
  });
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

/**
 * Query options for maintenance after a run (vacuum, analyze), which takes as long as the graph is
 * large (seconds at 100,000 talks): no client deadline; the server's statement_timeout bounds it.
 */
export const maintenance = { timeoutMs: 0 };
