// The `talkgraph` command line. Each command lives in its own module and registers itself here.
import { Command } from 'commander';
import { register as registerEval } from './eval.js';
import { register as registerIngest } from './ingest.js';
import { register as registerMigrate } from './migrate.js';
import { register as registerSchema } from './schema.js';
import { register as registerServe } from './serve.js';
import { register as registerStart } from './start.js';
import { register as registerStats } from './stats.js';

const program = new Command('talkgraph')
  .description(
    'A knowledge graph of conference talks, speakers, events, organizations and topics.\n' +
      'DATABASE_URL selects the database: postgres://user@host:5432/db, pglite:<folder> or memory:\n' +
      '(default: the PGlite folder ./.talkgraph/db).',
  )
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

for (const register of [
  registerStart,
  registerServe,
  registerIngest,
  registerEval,
  registerMigrate,
  registerStats,
  registerSchema,
]) {
  register(program);
}

await program.parseAsync(process.argv);
