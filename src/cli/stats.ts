// `talkgraph stats`: node counts by kind and triple counts by predicate.
import type { Command } from 'commander';
import { graphStats } from '../store/stats.js';
import { command, withStore } from './run.js';

export function register(program: Command): void {
  program
    .command('stats')
    .description('print node counts by kind and triple counts by predicate')
    .option('--json', 'print JSON instead of a table')
    .action(
      command(async (options: { json?: boolean }) => {
        await withStore(async (store) => {
          const stats = await graphStats(store.db);
          if (options.json) {
            process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
            return;
          }
          const rows = [
            ['nodes', stats.nodes],
            ['triples', stats.triples],
            ['documents', stats.documents],
            ...stats.kinds.map((k) => [`  kind ${k.kind}`, k.count]),
            ...stats.predicates.map((p) => [`  predicate ${p.predicate}`, p.count]),
          ] as [string, number][];
          const width = Math.max(...rows.map(([label]) => label.length));
          for (const [label, count] of rows) process.stdout.write(`${label.padEnd(width)}  ${count}\n`);
        });
      }),
    );
}
