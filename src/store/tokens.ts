// API tokens: a name, one scope, and the SHA-256 of a random secret. The secret is returned once,
// by createToken, and never stored; a request's token is found by hashing what it sends.
import { createHash, randomBytes } from 'node:crypto';
import { TalkgraphError } from '../errors.js';
import type { Queryable } from './database.js';

/** What a token may do; `admin` may do everything. */
export const tokenScopes = ['ingest', 'curate', 'admin'] as const;
export type TokenScope = (typeof tokenScopes)[number];

/** Who made a request: the token's name and scope. */
export interface Actor {
  name: string;
  scope: TokenScope;
}

export interface TokenRow extends Actor {
  id: number;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Secrets carry a recognisable prefix, so that secret scanners and people can tell what they are. */
const secretPrefix = 'tg_';

const tokenColumns = `id, name, scope, created_at as "createdAt", last_used_at as "lastUsedAt",
  revoked_at as "revokedAt"`;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Whether a token of scope `held` may do what needs `needed`. */
export const scopeAllows = (held: TokenScope, needed: TokenScope): boolean =>
  held === 'admin' || held === needed;

/** Creates a token; returns its secret, which is not stored and cannot be shown again. */
export async function createToken(
  q: Queryable,
  name: string,
  scope: TokenScope,
): Promise<{ token: TokenRow; secret: string }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `token name "${name}": use 1 to 64 letters, digits, dots, dashes or underscores`,
    );
  }
  const secret = `${secretPrefix}${randomBytes(24).toString('base64url')}`;
  const rows = await q.query<TokenRow>(
    `insert into api_token (name, scope, hash) values ($1, $2, $3) on conflict (name) do nothing
     returning ${tokenColumns}`,
    [name, scope, hashSecret(secret)],
  );
  const token = rows[0];
  if (!token) throw new TalkgraphError('BAD_USER_INPUT', `a token named "${name}" exists already`);
  return { token, secret };
}

export function listTokens(q: Queryable): Promise<TokenRow[]> {
  return q.query<TokenRow>(`select ${tokenColumns} from api_token order by name`);
}

/** Revokes the token called `name`; NOT_FOUND when there is none (revoking twice is harmless). */
export async function revokeToken(q: Queryable, name: string): Promise<TokenRow> {
  const [row] = await q.query<TokenRow>(
    `update api_token set revoked_at = coalesce(revoked_at, now()) where name = $1 returning ${tokenColumns}`,
    [name],
  );
  if (!row) throw new TalkgraphError('NOT_FOUND', `no token named "${name}"`);
  return row;
}

/** How stale `last_used_at` may get: a token that reads on every request writes about once a minute. */
const lastUsedResolution = '1 minute';

/** Why a secret was refused: for logs, which never hold the secret or its hash. */
export type Refusal = 'not a Talkgraph token' | 'unknown token' | 'revoked token';

/**
 * The token whose secret this is, or why it is refused. One statement, a lookup by the hash's
 * unique index, which writes `last_used_at` only when it is older than a minute.
 */
export async function checkSecret(
  q: Queryable,
  secret: string,
): Promise<{ actor: Actor } | { refused: Refusal }> {
  if (!secret.startsWith(secretPrefix) || secret.length > 200) return { refused: 'not a Talkgraph token' };
  const [row] = await q.query<Actor & { revoked: boolean }>(
    `with found as (
       select id, name, scope, last_used_at, revoked_at is not null as revoked from api_token where hash = $1
     ), touched as (
       update api_token set last_used_at = now() from found
        where api_token.id = found.id and not found.revoked
          and (found.last_used_at is null or found.last_used_at < now() - interval '${lastUsedResolution}')
     )
     select name, scope, revoked from found`,
    [hashSecret(secret)],
  );
  if (!row) return { refused: 'unknown token' };
  if (row.revoked) return { refused: 'revoked token' };
  return { actor: { name: row.name, scope: row.scope } };
}

/** The live (not revoked) token whose secret this is; null for anything else. */
export async function findActor(q: Queryable, secret: string): Promise<Actor | null> {
  const checked = await checkSecret(q, secret);
  return 'actor' in checked ? checked.actor : null;
}

/** The token called `name` with the hash it stores, or null: for checking a secret kept in a file. */
export async function tokenByName(q: Queryable, name: string): Promise<(TokenRow & { hash: string }) | null> {
  const [row] = await q.query<TokenRow & { hash: string }>(
    `select ${tokenColumns}, hash from api_token where name = $1`,
    [name],
  );
  return row ?? null;
}
