// Who a request is: the API token in its Authorization header, checked once, on first use, so that
// requests that read without a token never touch the token table.
import { TalkgraphError } from '../errors.js';
import type { Queryable } from '../store/database.js';
import { type Actor, checkSecret, type Refusal } from '../store/tokens.js';

/** Why a request's token was refused; never the token itself. */
export type AuthRefusal = Refusal | 'malformed Authorization header';

export class RequestAuth {
  private pending: Promise<Actor | null> | null = null;
  /** The actor once `actor()` has settled: scope checks that must answer synchronously read it. */
  known: Actor | null = null;
  /** Why the token was refused, once it was. */
  refusal: AuthRefusal | null = null;
  private listeners: ((reason: AuthRefusal) => void)[] = [];

  constructor(
    private readonly db: Queryable,
    /** The Authorization header as sent, or null. */
    private readonly authorization: string | null,
  ) {}

  get hasToken(): boolean {
    return this.authorization !== null && this.authorization.trim() !== '';
  }

  /** Called when the token is refused (src/server/auth.ts logs it); at once when it was already. */
  onRefused(listener: (reason: AuthRefusal) => void): void {
    if (this.refusal) listener(this.refusal);
    else this.listeners.push(listener);
  }

  /** The token's actor; null without a token; UNAUTHENTICATED for a malformed, unknown or revoked one. */
  actor(): Promise<Actor | null> {
    this.pending ??= this.check();
    return this.pending;
  }

  private async check(): Promise<Actor | null> {
    if (!this.hasToken) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(this.authorization ?? '');
    if (!match) {
      throw this.refuse(
        'malformed Authorization header',
        'the Authorization header must be "Bearer <token>"',
      );
    }
    const checked = await checkSecret(this.db, match[1] as string);
    if ('refused' in checked) {
      throw this.refuse(checked.refused, 'the API token is unknown or revoked');
    }
    this.known = checked.actor;
    return checked.actor;
  }

  private refuse(reason: AuthRefusal, message: string): TalkgraphError {
    this.refusal = reason;
    for (const listener of this.listeners.splice(0)) listener(reason);
    return new TalkgraphError('UNAUTHENTICATED', message);
  }
}

/** Each request's one RequestAuth: its token is looked up once however many steps ask. */
const byRequest = new WeakMap<object, RequestAuth>();

/**
 * The request's RequestAuth, made on first use: the body limit (before the body is read), the
 * body's count, the export routes and the GraphQL context share it, so a token costs one lookup
 * per request. Keyed by Node's request (`req`) when there is one: yoga hands its steps different
 * Request objects for one HTTP request.
 */
export function requestAuth(request: Request, db: Queryable, req?: object): RequestAuth {
  const key = req ?? request;
  let auth = byRequest.get(key);
  if (!auth) {
    auth = new RequestAuth(db, request.headers.get('authorization'));
    byRequest.set(key, auth);
  }
  return auth;
}
