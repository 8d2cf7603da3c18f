// The local admin token: `talkgraph start` creates it on a database's first start and keeps its
// secret in a file in the data folder, readable by its owner only, so that the CLI can change the
// graph of a running server (`talkgraph ingest --server`) without anyone copying a token around. The
// database stores only its hash, as for every token; the file is the one place the secret stays.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Config, defaultDataDir } from '../config.js';
import { TalkgraphError } from '../errors.js';
import type { Queryable } from '../store/database.js';
import { createToken, hashSecret, tokenByName } from '../store/tokens.js';

/** The token's name in `talkgraph token list`. */
export const localTokenName = 'local-admin';
const localTokenFile = 'local-admin-token';

/**
 * Where Talkgraph keeps its files: the PGlite folder's parent (./.talkgraph for the default
 * ./.talkgraph/db); ./.talkgraph under the working directory for a Postgres server or memory:.
 */
export function dataFolder(config: Pick<Config, 'database'>, cwd = process.cwd()): string {
  const { database } = config;
  if (database.backend === 'pglite' && database.dataDir) return dirname(database.dataDir);
  return resolve(cwd, dirname(defaultDataDir));
}

/** The file holding the local admin token's secret. */
export function localTokenPath(config: Pick<Config, 'database'>, cwd = process.cwd()): string {
  return join(dataFolder(config, cwd), localTokenFile);
}

/** The local admin token's secret, or null when its file does not exist (or is empty). */
export function readLocalToken(config: Pick<Config, 'database'>, cwd = process.cwd()): string | null {
  const path = localTokenPath(config, cwd);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new TalkgraphError('BAD_CONFIG', `cannot read the local admin token in ${path}: ${code}`);
  }
  return text.trim() || null;
}

function writeLocalToken(path: string, secret: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  // The mode above applies to a file it creates; one that existed keeps its own.
  chmodSync(path, 0o600);
}

/** What start found or did about the local admin token. */
export type LocalToken =
  /** Created now: the secret is shown this once. */
  | { state: 'created'; path: string; secret: string }
  /** The file holds the database's live local admin token. */
  | { state: 'ready'; path: string }
  | { state: 'revoked'; path: string }
  | { state: 'file missing'; path: string }
  /** The file holds another secret: another database's, say. */
  | { state: 'file differs'; path: string };

type StoredToken = NonNullable<Awaited<ReturnType<typeof tokenByName>>>;

/** Creates the local admin token when the database has none; otherwise checks its file. */
export async function ensureLocalToken(
  q: Queryable,
  config: Pick<Config, 'database'>,
  cwd = process.cwd(),
): Promise<LocalToken> {
  const path = localTokenPath(config, cwd);
  const found = (await tokenByName(q, localTokenName)) ?? (await createLocalToken(q));
  if ('secret' in found) {
    writeLocalToken(path, found.secret);
    return { state: 'created', path, secret: found.secret };
  }
  if (found.revokedAt) return { state: 'revoked', path };
  const secret = readLocalToken(config, cwd);
  if (secret === null) return { state: 'file missing', path };
  return hashSecret(secret) === found.hash ? { state: 'ready', path } : { state: 'file differs', path };
}

async function createLocalToken(q: Queryable): Promise<{ secret: string } | StoredToken> {
  try {
    return await createToken(q, localTokenName, 'admin');
  } catch (error) {
    // Another instance on the same database created it first.
    const row = await tokenByName(q, localTokenName);
    if (row) return row;
    throw error;
  }
}
