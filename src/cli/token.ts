// `talkgraph token create|list|revoke`: the API tokens that may change the graph through the API
// (docs/curation.md, "Tokens"). A token's secret is printed once, by create; the database keeps
// only its hash.
import { type Command, Option } from 'commander';
import {
  createToken,
  listTokens,
  revokeToken,
  type TokenRow,
  type TokenScope,
  tokenScopes,
} from '../store/tokens.js';
import { command, withStore } from './run.js';

export function register(program: Command): void {
  const token = program
    .command('token')
    .description('create, list and revoke the API tokens that may change the graph (docs/curation.md)');

  token
    .command('create')
    .description('create a token and print its secret, this once')
    .requiredOption('--name <name>', 'what to call it: 1 to 64 letters, digits, dots, dashes or underscores')
    .addOption(
      new Option('--scope <scope>', 'what it may do (admin may do everything)')
        .choices(tokenScopes)
        .makeOptionMandatory(),
    )
    .action(
      command(async (options: { name: string; scope: TokenScope }) => {
        const { secret } = await withStore((store) => createToken(store.db, options.name, options.scope));
        process.stdout.write(
          `${secret}\n` +
            `Created the token "${options.name}" (scope ${options.scope}). Keep the secret above: it is ` +
            'stored only as a hash and cannot be shown again.\n' +
            'Send it as "Authorization: Bearer <secret>", or as TALKGRAPH_TOKEN to talkgraph ingest --server.\n',
        );
      }),
    );

  token
    .command('list')
    .description('list the tokens: name, scope, created, last used, revoked (never their secrets)')
    .option('--json', 'one JSON array')
    .action(
      command(async (options: { json?: boolean }) => {
        const tokens = await withStore((store) => listTokens(store.db));
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify(
              tokens.map(({ id: _id, ...token }) => token),
              null,
              2,
            )}\n`,
          );
        } else if (tokens.length === 0) {
          process.stdout.write(
            'No tokens yet: talkgraph token create --name NAME --scope ingest|curate|admin\n',
          );
        } else {
          process.stdout.write(tokenTable(tokens));
        }
      }),
    );

  token
    .command('revoke')
    .description('revoke a token: requests that send it are refused from now on')
    .argument('<name>', 'the token’s name (talkgraph token list)')
    .action(
      command(async (name: string) => {
        const row = await withStore((store) => revokeToken(store.db, name));
        process.stdout.write(
          `Revoked the token "${row.name}" (scope ${row.scope}) at ${when(row.revokedAt)}: requests that send it are refused.\n`,
        );
      }),
    );
}

/** A UTC time to the second: 2025-03-01 14:05:09Z. */
function when(value: Date | string | null): string {
  return value === null ? '' : `${new Date(value).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function tokenTable(tokens: TokenRow[]): string {
  const rows = [
    ['name', 'scope', 'created', 'last used', 'revoked'],
    ...tokens.map((t) => [
      t.name,
      t.scope,
      when(t.createdAt),
      t.lastUsedAt ? when(t.lastUsedAt) : 'never',
      t.revokedAt ? when(t.revokedAt) : 'no',
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) => `${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd())
    .join('\n')
    .concat('\n');
}
