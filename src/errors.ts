// One closed set of error codes, shared by the CLI (exit codes, one-line messages) and the API
// (GraphQL `extensions.code`).

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'BAD_CONFIG'
  | 'NOT_FOUND'
  | 'QUERY_TOO_COMPLEX'
  | 'INGEST_REJECTED'
  | 'DATABASE_UNAVAILABLE'
  | 'DATABASE_LOCKED'
  /** The operation needs an API token and the request carries none, or one that is unknown or revoked. */
  | 'UNAUTHENTICATED'
  /** The request's token lacks the scope the operation needs. */
  | 'FORBIDDEN'
  /** The token sent more mutations than its rate allows, or the server streams its most exports at once; retry later. */
  | 'RATE_LIMITED'
  /** A write lost to concurrent writes of the same rows (a deadlock) more times than it is retried; send it again. */
  | 'RETRY'
  /** `talkgraph eval` measured the reader below a target it was given (--min-talk-f1, …). */
  | 'BELOW_THRESHOLD';

/** An expected failure whose message is safe and useful to show to a user as it is. */
export class TalkgraphError extends Error {
  readonly code: ErrorCode;
  /** For RATE_LIMITED and DATABASE_UNAVAILABLE: when a retry may succeed, in seconds. */
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options);
    this.name = 'TalkgraphError';
    this.code = code;
    if (options?.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isTalkgraphError(error: unknown): error is TalkgraphError {
  return error instanceof TalkgraphError;
}
