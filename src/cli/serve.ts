// `talkgraph serve`: serves the API on the configured database. Never ingests anything.
import { type Command, Option } from 'commander';
import { type Config, describeTarget, loadConfig } from '../config.js';
import { TalkgraphError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';
import { openGraphEvents, type ServerEvents } from '../server/events.js';
import { type RunningServer, startServer, stopOnSignals } from '../server/main.js';
import { openStore, type Store } from '../store/store.js';
import { command, reportFailure } from './run.js';

export interface ServeCommandOptions {
  port?: string;
  host?: string;
  wait?: string;
}

export function serveOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-p, --port <port>', 'port to listen on (default: PORT or 4000)'))
    .addOption(new Option('--host <host>', 'address to bind (default: HOST or 127.0.0.1)'))
    .addOption(
      new Option(
        '--wait <seconds>',
        'how long to keep retrying an unreachable database server (default: DATABASE_WAIT_SECONDS or 30)',
      ),
    );
}

function effectiveConfig(options: ServeCommandOptions): Config {
  const config = loadConfig();
  const port = options.port === undefined ? config.port : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TalkgraphError('BAD_USER_INPUT', `--port: expected a port number, got "${options.port}"`);
  }
  const wait = options.wait === undefined ? config.databaseWaitSeconds : Number(options.wait);
  if (!Number.isFinite(wait) || wait < 0) {
    throw new TalkgraphError('BAD_USER_INPUT', `--wait: expected seconds, got "${options.wait}"`);
  }
  return { ...config, port, host: options.host ?? config.host, databaseWaitSeconds: wait };
}

/**
 * Opens the store, lets `prepare` run (start uses it to load the sample data), then serves until a
 * signal arrives; returns the running server.
 */
export async function serve(
  options: ServeCommandOptions,
  prepare?: (store: Store, logger: Logger) => Promise<void>,
): Promise<RunningServer> {
  const config = effectiveConfig(options);
  const logger = createLogger(config.logLevel);
  const store = await openStore(config.database, {
    waitSeconds: config.databaseWaitSeconds,
    timeouts: config.databaseTimeouts,
  });
  let running: Awaited<ReturnType<typeof startServer>>;
  let events: ServerEvents | undefined;
  try {
    if (store.migration.applied.length > 0) {
      logger.info({ applied: store.migration.applied }, 'migrations applied');
    }
    // Redis, when REDIS_URL is set, is waited for as long as the database.
    events = await openGraphEvents({
      logger,
      redisUrl: config.redisUrl,
      waitSeconds: config.databaseWaitSeconds,
    });
    await prepare?.(store, logger);
    running = await startServer({ ...config, store, logger, events });
  } catch (error) {
    await events?.close().catch(() => {});
    await store.close().catch(() => {});
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new TalkgraphError(
        'BAD_USER_INPUT',
        `port ${config.port} on ${config.host} is already in use (set PORT or --port)`,
      );
    }
    throw error;
  }
  logger.info(
    {
      url: running.url,
      metrics: running.metricsUrl,
      database: describeTarget(config.database),
      events: events.description,
    },
    'serving',
  );
  process.stdout.write(
    `Talkgraph is serving ${running.url} (GraphiQL in a browser) on ${describeTarget(config.database)}\n`,
  );
  stopOnSignals(running, logger);
  return running;
}

export function register(program: Command): void {
  serveOptions(program.command('serve'))
    .description('serve the GraphQL API and GraphiQL on the configured database (ingests nothing)')
    .action(
      command(async (options: ServeCommandOptions) => {
        await serve(options).catch((error: unknown) => {
          reportFailure(error);
          process.exit();
        });
      }),
    );
}
