// The `talkgraph` command line. Each command lives in its own module and registers itself here.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { exitCodes } from './run.js';

/**
 * The commands' modules, loaded on demand: a command loads only what it runs (ingest never loads
 * the GraphQL server, serve never the document readers), which is most of a command's start-up.
 * Help and unknown commands load them all.
 */
const commands: Record<string, () => Promise<{ register(program: Command): void }>> = {
  start: () => import('./start.js'),
  serve: () => import('./serve.js'),
  ingest: () => import('./ingest.js'),
  eval: () => import('./eval.js'),
  migrate: () => import('./migrate.js'),
  stats: () => import('./stats.js'),
  schema: () => import('./schema.js'),
  export: () => import('./export.js'),
  'refresh-related': () => import('./refresh-related.js'),
  token: () => import('./token.js'),
};

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

// A reader that stops early (`talkgraph export | head`) closes the pipe: stop quietly, as Unix tools
// do, instead of crashing on EPIPE. Commands write to stdout only after their work is committed.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

const named = process.argv[2];
const wanted = named && Object.hasOwn(commands, named) ? [named] : Object.keys(commands);
for (const module of await Promise.all(
  wanted.map((name) => (commands[name] as () => ReturnType<(typeof commands)[string]>)()),
)) {
  module.register(program);
}

refuseRepeatedOptions(program);

/**
 * An option that takes one value, given twice (`--scope curate --scope ingest`), is a usage error:
 * commander would keep the last one silently. Options that take lists (`<files...>`) may repeat.
 */
function refuseRepeatedOptions(command: Command): void {
  for (const option of command.options) {
    if (option.variadic || !(option.required || option.optional)) continue;
    let given = 0;
    command.on(`option:${option.name()}`, () => {
      given += 1;
      if (given > 1) command.error(`error: option '${option.flags}' given more than once`);
    });
  }
  for (const sub of command.commands) refuseRepeatedOptions(sub);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // Help and --version end with 0; every other commander error is a usage error: bad input.
  process.exitCode = error.exitCode === 0 ? 0 : exitCodes.BAD_USER_INPUT;
}
