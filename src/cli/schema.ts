// `talkgraph schema`: prints the GraphQL SDL (npm run schema writes it to schema/schema.graphql).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { printedSchema } from '../api/schema.js';
import { command } from './run.js';

export function register(program: Command): void {
  program
    .command('schema')
    .description('print the GraphQL schema (SDL)')
    .option('--out <file>', 'write it to a file instead of standard output')
    .action(
      command(async (options: { out?: string }) => {
        if (options.out) writeFileSync(options.out, printedSchema());
        else process.stdout.write(printedSchema());
      }),
    );
}
