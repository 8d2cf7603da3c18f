// The `talkgraph` command line. Each command lives in its own module and registers itself here.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { register as registerEval } from './eval.js';
import { register as registerExport } from './export.js';
import { register as registerIngest } from './ingest.js';
import { register as registerMigrate } from './migrate.js';
import { exitCodes } from './run.js';
import { register as registerSchema } from './schema.js';
import { register as registerServe } from './serve.js';
import { register as registerStart } from './start.js';
import { register as registerStats } from './stats.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command('talkgraph')
  .description(
    'A knowledge graph of conference talks, speakers, events, organizations and topics.\n' +
      'DATABASE_URL selects the database: postgres://user@host:5432/db, pglite:<folder> or memory:\n' +
      '(default: the PGlite folder ./.talkgraph/db).',
  )
  .version(version, '-V, --version', 'print the version')
  .configureHelp({ sortSubcommands: true })
  // Usage errors read like every other expected failure: one line, `talkgraph: …`, exit 2 (below).
  // Subcommands inherit both settings because they are registered after this.
  .configureOutput({ outputError: (message, write) => write(message.replace(/^error: /, 'talkgraph: ')) })
  .exitOverride();

for (const register of [
  registerStart,
  registerServe,
  registerIngest,
  registerEval,
  registerMigrate,
  registerStats,
  registerSchema,
  registerExport,
]) {
  register(program);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // Help and --version end with 0; every other commander error is a usage error: bad input.
  process.exitCode = error.exitCode === 0 ? 0 : exitCodes.BAD_USER_INPUT;
}
