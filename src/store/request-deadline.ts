// One deadline for all the statements of an API request: each statement already has its own
// timeout, but a request that reads many of them one after another must also end. Checked before
// every statement, so a request runs at most its limit plus one statement.
import { TalkgraphError } from '../errors.js';
import type { Database } from './database.js';

export function withDeadline(db: Database, limitMs: number, now: () => number = Date.now): Database {
  const ends = now() + limitMs;
  const check = () => {
    if (now() > ends)
      throw new TalkgraphError(
        'QUERY_TOO_COMPLEX',
        `the request took longer than its ${limitMs} ms limit (REQUEST_TIMEOUT_MS); ask for less at once`,
      );
  };
  return {
    backend: db.backend,
    description: db.description,
    // async, so a request past its deadline gets a rejected promise like any failed statement.
    query: async (text, params, options) => {
      check();
      return db.query(text, params, options);
    },
    transaction: async (work) => {
      check();
      return db.transaction(work);
    },
    onStatement: (listener) => db.onStatement(listener),
    close: () => db.close(),
  };
}

/** `db` with another per-statement deadline for its statements outside transactions (bulk reads). */
export function withStatementTimeout(db: Database, timeoutMs: number): Database {
  return {
    backend: db.backend,
    description: db.description,
    query: (text, params, options) => db.query(text, params, { timeoutMs, ...options }),
    transaction: (work) => db.transaction(work),
    onStatement: (listener) => db.onStatement(listener),
    close: () => db.close(),
  };
}
