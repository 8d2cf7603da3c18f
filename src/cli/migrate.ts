// `talkgraph migrate`: applies pending migrations (also done by every command that opens the store).
import type { Command } from 'commander';
import { describeTarget } from '../config.js';
import { command, withStore } from './run.js';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit (safe to run any number of times)')
    .action(
      command(async () => {
        await withStore(async (store, config) => {
          const { applied, alreadyApplied } = store.migration;
          const where = describeTarget(config.database);
          process.stdout.write(
            applied.length > 0
              ? `applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}\n`
              : `${where} is up to date (${alreadyApplied} migration(s) applied before)\n`,
          );
        });
      }),
    );
}
