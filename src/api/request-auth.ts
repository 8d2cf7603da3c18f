// Who a request is: the API token in its Authorization header, checked once, on first use, so that
// requests that read without a token never touch the token table.
import { TalkgraphError } from '../errors.js';
import type { Queryable } from '../store/database.js';
import { type Actor, findActor } from '../store/tokens.js';

export class RequestAuth {
  private pending: Promise<Actor | null> | null = null;
  /** The actor once `actor()` has settled: scope checks that must answer synchronously read it. */
  known: Actor | null = null;

  constructor(
    private readonly db: Queryable,
    /** The Authorization header as sent, or null. */
    private readonly authorization: string | null,
  ) {}

  get hasToken(): boolean {
    return this.authorization !== null && this.authorization.trim() !== '';
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
      throw new TalkgraphError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
    }
    const actor = await findActor(this.db, match[1] as string);
    if (!actor) throw new TalkgraphError('UNAUTHENTICATED', 'the API token is unknown or revoked');
    this.known = actor;
    return actor;
  }
}
