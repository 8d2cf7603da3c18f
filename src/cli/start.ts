// `talkgraph start` (what `npm start` runs): like serve, but first loads the sample documents in
// data/samples when the database holds no document yet, so a new user sees a populated graph.
import type { Command } from 'commander';
import { command, reportFailure } from './run.js';
import { type ServeCommandOptions, serve, serveOptions } from './serve.js';

export function register(program: Command): void {
  serveOptions(program.command('start'))
    .description('load the sample data into an empty database, then serve (what npm start runs)')
    .action(
      command(async (options: ServeCommandOptions) => {
        await serve(options, async (store, logger) => {
          const { loadSampleData } = await import('../ingest/sample-data.js');
          await loadSampleData(store, logger);
          // The related-talk lists of what was loaded (docs/ranking.md, "Stored lists").
          const { refreshRelatedTalkLists } = await import('../graph/related-talks.js');
          await refreshRelatedTalkLists(store.db, store.predicates);
        }).catch((error: unknown) => {
          reportFailure(error);
          process.exit();
        });
      }),
    );
}
