// `talkgraph refresh-related`: recomputes the stored related-talk lists (docs/ranking.md, "Stored
// lists"). Ingest keeps them up to date; this fills them in a database from before they were stored
// (whose requests are ranked live until then), and --all recomputes every one.
import type { Command } from 'commander';
import { refreshRelatedTalkLists } from '../graph/related-talks.js';
import { command, maintenance, withStore } from './run.js';

export function register(program: Command): void {
  program
    .command('refresh-related')
    .description('compute the stored related-talk lists that are missing or out of date')
    .option('--all', 'recompute every list, also those up to date (e.g. after changing the ranking)')
    .action(
      command(async (options: { all?: boolean }) => {
        await withStore(async (store) => {
          const started = performance.now();
          const result = await refreshRelatedTalkLists(store.db, store.predicates, {
            missing: true,
            all: options.all === true,
          });
          await store.db.query('vacuum (analyze) related_talk_list', [], maintenance);
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          process.stdout.write(
            `related talks: ${result.recomputed + result.neighbours} lists computed in ${seconds} s\n`,
          );
        });
      }),
    );
}
