// The app's GraphEvents (src/api/events.ts): in process by default; with REDIS_URL, through Redis
// pub/sub, so that a change made through one server instance reaches the subscribers of every
// instance. Owns the two Redis connections (publishing, and the subscriber-mode one): waited for at
// start like the database, reconnected without end while serving (a lost connection is logged and
// pauses live updates, never stops the server), quit on close. Also ends open subscriptions on
// shutdown, so that a server with SSE subscribers drains at once instead of at its drain limit.
import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, Repeater } from 'graphql-yoga';
import { Redis, type RedisOptions } from 'ioredis';
import type { GraphEvents } from '../api/events.js';
import { redact } from '../config.js';
import { TalkgraphError } from '../errors.js';
import type { Logger } from '../logger.js';

export interface ServerEvents {
  events: GraphEvents;
  /** Where events travel: "in process" or the Redis URL without its password. */
  description: string;
  /** Completes every open subscription (and any opened later): their SSE streams end. */
  endSubscriptions(): void;
  /** Ends subscriptions and quits the Redis connections. Safe to call more than once. */
  close(): Promise<void>;
}

export interface GraphEventsOptions {
  logger: Logger;
  /** REDIS_URL; null or undefined: in process. */
  redisUrl?: string | null;
  /** How long to keep retrying a Redis that does not answer at start (as DATABASE_WAIT_SECONDS). */
  waitSeconds?: number;
  /**
   * Prepended to the channel names ("talkgraph:graphChanged"): Redis pub/sub channels are shared by
   * every database number, so deployments (and test runs) that share a Redis use their own.
   */
  channelPrefix?: string;
  /** One connection attempt's limit (default 2000 ms). */
  connectTimeoutMs?: number;
}

export const defaultChannelPrefix = 'talkgraph:';

/**
 * Events within one process. Every subscriber is a listener of one EventTarget, and a server has
 * many: no listener limit (Node would warn of a leak past 10).
 */
export function inProcessEvents(): GraphEvents {
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget);
  return createPubSub({ eventTarget }) as GraphEvents;
}

export async function openGraphEvents(options: GraphEventsOptions): Promise<ServerEvents> {
  if (!options.redisUrl) return withSubscriptionEnd(inProcessEvents(), 'in process', async () => {});
  const { logger, redisUrl } = options;
  const description = redact(redisUrl);
  const prefix = options.channelPrefix ?? defaultChannelPrefix;
  const publisher = await connectRedis(redisUrl, 'publish', options);
  let subscriber: Connection;
  try {
    subscriber = await connectRedis(redisUrl, 'subscribe', options);
  } catch (error) {
    await quit(publisher.client);
    throw error;
  }
  // The event target calls publish/subscribe without awaiting them: a failure (Redis gone for
  // longer than a command's retries) would reject unhandled and stop the process. Reported instead.
  const failed = (what: string) => (error: unknown) =>
    logger.warn({ err: error, redis: description }, `Redis ${what} failed: live updates are not delivered`);
  const publishClient = {
    publish: (channel: string, message: string) =>
      publisher.client.publish(`${prefix}${channel}`, message).catch(failed('publish')),
  };
  const subscribeClient = {
    on: (_event: 'message', listener: (channel: string, message: string) => void) =>
      subscriber.client.on('message', (channel: string, message: string) => {
        if (channel.startsWith(prefix)) listener(channel.slice(prefix.length), message);
      }),
    subscribe: (channel: string) =>
      subscriber.client.subscribe(`${prefix}${channel}`).catch(failed('subscribe')),
    unsubscribe: (channel: string) =>
      subscriber.client.unsubscribe(`${prefix}${channel}`).catch(failed('unsubscribe')),
  };
  const eventTarget = createRedisEventTarget({
    // Only the methods above are called (@graphql-yoga/redis-event-target 3).
    publishClient: publishClient as unknown as Redis,
    subscribeClient: subscribeClient as unknown as Redis,
  });
  const events = createPubSub({ eventTarget }) as GraphEvents;
  return withSubscriptionEnd(events, description, async () => {
    publisher.closing();
    subscriber.closing();
    await Promise.all([quit(publisher.client), quit(subscriber.client)]);
  });
}

function withSubscriptionEnd(pubsub: GraphEvents, description: string, quitClients: () => Promise<void>) {
  let end: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  let closing: Promise<void> | undefined;
  const events: GraphEvents = {
    publish: pubsub.publish,
    // The race returns (and returns the pubsub's repeater, which unsubscribes) once `ended` settles.
    subscribe: ((...args: Parameters<GraphEvents['subscribe']>) =>
      Repeater.race([pubsub.subscribe(...args), ended])) as GraphEvents['subscribe'],
  };
  return {
    events,
    description,
    endSubscriptions: () => end(),
    close: () => {
      closing ??= (async () => {
        end();
        await quitClients();
      })();
      return closing;
    },
  } satisfies ServerEvents;
}

interface Connection {
  client: Redis;
  /** Called before quitting, so that the connection's end is not reported as lost. */
  closing(): void;
}

/**
 * One connection, retried until `waitSeconds` have passed (a Redis starting beside the server);
 * then the error names the URL without its password. Once connected, it reconnects without end.
 */
async function connectRedis(url: string, role: string, options: GraphEventsOptions): Promise<Connection> {
  const { logger } = options;
  const description = redact(url);
  let connected = false;
  let closing = false;
  let lost = false;
  const settings: RedisOptions = {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    connectionName: `talkgraph-${role}`,
    // Before the first connection: no reconnection of its own (the loop below retries, bounded);
    // after it: every 250 ms at first, then every 2 s, for as long as it takes.
    retryStrategy: (times) => (connected && !closing ? Math.min(times * 250, 2000) : null),
    // A publish waits through a few reconnection attempts, then fails (and is logged): an event
    // delivered much later than its change would mislead more than help.
    maxRetriesPerRequest: 3,
  };
  let client: Redis;
  try {
    client = new Redis(url, settings);
  } catch (error) {
    throw new TalkgraphError('BAD_CONFIG', `REDIS_URL: ${description}: ${(error as Error).message}`);
  }
  // At start, connect() may reject with only "Connection is closed."; the error said why.
  let startError: Error | undefined;
  client.on('error', (error: Error) => {
    if (!connected) startError = error;
    if (!connected || closing) return; // at start, the loop below reports it
    if (!lost) logger.warn({ err: error, redis: description, role }, 'Redis connection error');
  });
  client.on('close', () => {
    if (!connected || closing || lost) return;
    lost = true;
    logger.warn(
      { redis: description, role },
      'lost the connection to Redis: reconnecting; live updates from other instances pause until then',
    );
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    logger.info({ redis: description, role }, 'reconnected to Redis: live updates resume');
  });
  const waitSeconds = options.waitSeconds ?? 0;
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      await client.connect();
      connected = true;
      return {
        client,
        closing: () => {
          closing = true;
        },
      };
    } catch (error) {
      if (Date.now() + 100 >= deadline) {
        client.disconnect();
        const waited = waitSeconds > 0 ? ` after waiting ${waitSeconds} s` : '';
        // The closed set has no code of its own for Redis: a service the server needs does not
        // answer, as for the database (exit code 3).
        throw new TalkgraphError(
          'DATABASE_UNAVAILABLE',
          `REDIS_URL ${description}: ${reasonOf(startError ?? error)}${waited}`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, Math.max(0, deadline - Date.now()))));
    }
  }
}

function reasonOf(error: unknown): string {
  const err = error as { code?: string; message?: string; errors?: { message?: string; code?: string }[] };
  const inner = err.errors?.[0] ?? err;
  const message = (inner.message || err.message || String(error)).split('\n')[0] ?? 'unknown error';
  const code = inner.code ?? err.code;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/** QUIT when the connection answers within a second; dropped otherwise. */
async function quit(client: Redis): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.quit().catch(() => {}),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 1000);
    }),
  ]);
  clearTimeout(timer);
  client.disconnect();
}
