// `talkgraph start` (what `npm start` runs): like serve, but first loads the sample documents in
// data/samples when the database holds no document yet, so a new user sees a populated graph, and
// creates the local admin token on a database's first start (local-token.ts), so that the README's
// next step, ingesting through the running server, works without stopping anything.
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { type LocalToken, localTokenName } from './local-token.js';
import { command, reportFailure } from './run.js';
import { type ServeCommandOptions, serve, serveOptions } from './serve.js';

export function register(program: Command): void {
  serveOptions(program.command('start'))
    .description('load the sample data into an empty database, then serve (what npm start runs)')
    .action(
      command(async (options: ServeCommandOptions) => {
        let localToken: LocalToken | undefined;
        const running = await serve(options, async (store, logger) => {
          const { loadSampleData } = await import('../ingest/sample-data.js');
          await loadSampleData(store, logger);
          // The related-talk lists of what was loaded (docs/ranking.md, "Stored lists").
          const { refreshRelatedTalkLists } = await import('../graph/related-talks.js');
          await refreshRelatedTalkLists(store.db, store.predicates);
          const { ensureLocalToken } = await import('./local-token.js');
          localToken = await ensureLocalToken(store.db, loadConfig());
        }).catch((error: unknown) => {
          reportFailure(error);
          process.exit();
        });
        // Standard output only, never the logs: the secret is shown on the first start alone.
        if (localToken) process.stdout.write(aboutLocalToken(localToken, new URL(running.url).origin));
      }),
    );
}

const makeAnother =
  'create an admin token with `npm run cli -- token create --name NAME --scope admin` (stop the server first ' +
  'when its database is a PGlite folder) and pass it as TALKGRAPH_TOKEN';

function aboutLocalToken(token: LocalToken, server: string): string {
  switch (token.state) {
    case 'created':
      return (
        `Local admin token (shown only this once; kept in ${token.path}, readable by you alone):\n` +
        `  ${token.secret}\n` +
        'Change the graph while the server runs, e.g.:\n' +
        `  TALKGRAPH_TOKEN=${token.secret} npm run cli -- ingest --server ${server} FILE\n` +
        `(without TALKGRAPH_TOKEN the CLI reads ${token.path} itself)\n`
      );
    case 'ready':
      return `The local admin token is in ${token.path} (talkgraph ingest --server ${server} reads it).\n`;
    case 'revoked':
      return `The local admin token "${localTokenName}" was revoked; for a new one, ${makeAnother}.\n`;
    case 'file missing':
      return (
        `The local admin token's file ${token.path} is missing (the token "${localTokenName}" stays valid ` +
        `until revoked: \`npm run cli -- token revoke ${localTokenName}\`); for a new one, ${makeAnother}.\n`
      );
    case 'file differs':
      return (
        `${token.path} does not hold this database's local admin token "${localTokenName}" (another ` +
        `database's, perhaps); for a new one, ${makeAnother}.\n`
      );
  }
}
