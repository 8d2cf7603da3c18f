// The HTTP application: graphql-yoga serving the Pothos schema, GraphiQL with bundled assets,
// /health (the process is up), /ready (the database answers) and the event exports under /export/
// (export-routes.ts). Listening lives in main.ts.

import { useGraphQlJit } from '@envelop/graphql-jit';
import { type DocumentNode, GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, useReadinessCheck } from 'graphql-yoga';
import type { Context } from '../api/builder.js';
import type { GraphEvents } from '../api/events.js';
import { Loaders } from '../api/loaders.js';
import { QueryCache } from '../api/query-cache.js';
import { requestAuth } from '../api/request-auth.js';
import { schema } from '../api/schema.js';
import { compiledQueries } from '../api/sql-compiler.js';
import { defaultMutationRateLimit } from '../config.js';
import { isTalkgraphError } from '../errors.js';
import { createExtractPool, type ExtractPool } from '../ingest/extract-pool.js';
import type { Logger } from '../logger.js';
import { defaultIriBase } from '../store/rdf.js';
import { withDeadline } from '../store/request-deadline.js';
import type { Store } from '../store/store.js';
import { createMutationLimiter, useMutationCount, useTokenAuth } from './auth.js';
import { useCompiledQueries } from './compiled-execution.js';
import { corsFor, useJsonBodiesOnly } from './cors.js';
import { inProcessEvents } from './events.js';
import { useExportRoutes } from './export-routes.js';
import { useRequestLimits } from './limits.js';

export interface AppOptions {
  store: Store;
  logger: Logger;
  /** Production hides error details from clients. */
  production: boolean;
  /** Origins whose pages may call the API from a browser (CORS_ORIGINS); none when not given. */
  corsOrigins?: readonly string[];
  /** Further plugins, run after the app's own: metrics and tracing when they are on. */
  plugins?: Plugin[];
  /** How long one request's statements may run altogether (REQUEST_TIMEOUT_MS; default 10 s). */
  requestTimeoutMs?: number;
  /** The IRI base exports name entities under (TALKGRAPH_IRI_BASE; default src/store/rdf.ts's). */
  iriBase?: string;
  /**
   * Answer the query operations it can compile with one SQL statement (default true); false leaves
   * every field to its resolver, which tests compare the compiled answers with.
   */
  compiledSql?: boolean;
  /**
   * Where mutations announce changes and subscriptions listen: src/server/events.ts's, shared by
   * every instance through Redis when REDIS_URL is set; in process by default.
   */
  events?: GraphEvents;
  /** Every operation and export needs a valid API token, reads included (READ_REQUIRES_TOKEN; default false). */
  readRequiresToken?: boolean;
  /** Mutations per minute per API token (MUTATION_RATE_LIMIT; default 120). */
  mutationRateLimit?: number;
  /** Exports streamed at once (EXPORTS_AT_ONCE; default 4); more are answered 429. */
  exportsAtOnce?: number;
  /**
   * The worker threads ingestDocument reads documents on (src/ingest/extract-pool.ts); its caller
   * closes it. When not given, a pool of one thread with the default cap, started on first use.
   */
  extraction?: ExtractPool;
}

export const exampleQuery = `# Welcome to Talkgraph: a knowledge graph of conference talks.
# Press the run button (or Ctrl-Enter), then explore with the Docs pane on the left.

# From speakers to their talks, the talks' topics, and other talks on those topics.
query SpeakersTalksTopics {
  speakers(first: 3) {
    totalCount
    nodes {
      name
      handle
      affiliations { organization { name } role }
      talks(first: 5) {
        nodes {
          title
          event { name year city }
          topics {
            confidence
            topic {
              name
              talks(first: 3) { nodes { title speakers { name } } }
            }
          }
        }
      }
    }
  }
}

# Search across talks, speakers, topics and more: accents, case and small typos do not matter.
query Search {
  search(text: "distributed consensus", first: 5) {
    score
    snippet
    entity { kind label }
  }
}

# Which talks are related to each other, and why.
query RelatedTalks {
  talks(first: 3) {
    nodes {
      title
      relatedTalks(first: 3) {
        score
        talk { title event { name } }
        reasons { kind weight via { label } }
      }
    }
  }
}

# Every fact records the document it came from.
query WhereFactsComeFrom {
  triples(predicate: "works_at", first: 5) {
    nodes {
      subject { label }
      object { label }
      qualifier
      sources { document { name } spanStart spanEnd }
    }
  }
}

# The graph at a glance.
query GraphAtAGlance {
  stats { nodes triples documents kinds { kind count } }
}

# Changing the graph needs an API token: put {"Authorization": "Bearer <token>"} in the Headers pane
# (npm start prints a local admin token; docs/curation.md). Ids come from the queries above, e.g.
# speakers { nodes { id name } }; set them in the Variables pane.

# One person under two spellings: the second becomes the first; its id keeps resolving to it.
mutation MergeTwoSpellings($into: ID!, $from: [ID!]!) {
  mergeEntities(input: { into: $into, from: $from, note: "same person" }) {
    entity { id label aliases mergedFrom { id label } }
    userErrors { field message code }
  }
}

# A wrong topic: it goes, and stays out when the document is ingested again.
mutation UntagTopic($talk: ID!) {
  setTopicTags(input: { talk: $talk, remove: ["Kubernetes"], note: "not about Kubernetes" }) {
    talk { title topics { topic { name } } }
    userErrors { field message code }
  }
}

# Live updates over Server-Sent Events: run this, then change the graph from another tab.
subscription WhatChanges {
  graphChanged(kinds: ["talk", "speaker"]) { operation kinds entities { kind label } }
}
`;

/** Where the API answers. */
export const graphqlPath = '/graphql';

/** A request for the API (metrics and tracing observe these, not /health, /ready or assets). */
export function isGraphqlRequest(url: string | undefined): boolean {
  return url === graphqlPath || (url?.startsWith(`${graphqlPath}?`) ?? false);
}

/** /ready's probe gives up after this long: a stalled database is reported, not waited for. */
const readinessTimeoutMs = 500;
/** Distinct query texts whose parse (or parse error) is kept. */
const parsedDocumentsKept = 500;

export function createApp({
  store,
  logger,
  production,
  corsOrigins = [],
  plugins = [],
  requestTimeoutMs = 10_000,
  iriBase = defaultIriBase,
  compiledSql = true,
  events = inProcessEvents(),
  readRequiresToken = false,
  mutationRateLimit = defaultMutationRateLimit,
  exportsAtOnce,
  extraction = createExtractPool(),
}: AppOptions) {
  const limitMutation = createMutationLimiter(mutationRateLimit);
  const refreshRelatedLists = relatedListsRefresher(store, logger);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    // Each request reads through its own deadline: many statements one after another must end too.
    context: ({ request, req }: { request: Request; req?: object }): Context => {
      const view = { ...store, db: withDeadline(store.db, requestTimeoutMs) };
      let allowance: Promise<void> | undefined;
      let mutationFields = 1;
      const context: Context = {
        store: view,
        loaders: new Loaders(view),
        auth: requestAuth(request, store.db, req),
        events,
        limitMutation: (actor) => {
          allowance ??= limitMutation(actor, mutationFields);
          return allowance;
        },
        countMutations: (fields) => {
          mutationFields = fields;
        },
        logger,
        refreshRelatedLists,
        extract: async (task) => {
          const document = await extraction.extract(task);
          // Reading is not a statement: the request's statements after it get their limit afresh.
          view.db = withDeadline(store.db, requestTimeoutMs);
          return document;
        },
        beginEvent: () => {
          view.db = withDeadline(store.db, requestTimeoutMs);
          context.loaders = new Loaders(view);
        },
      };
      return context;
    },
    graphqlEndpoint: graphqlPath,
    healthCheckEndpoint: '/health',
    // Parsed documents and parse errors are kept per query text, which clients choose: bounded, so
    // memory does not grow with every distinct text (validation and graphql-jit key on the document).
    parserAndValidationCache: {
      documentCache: new QueryCache<string, DocumentNode>(parsedDocumentsKept),
      errorCache: new QueryCache<string, unknown>(parsedDocumentsKept),
    },
    landingPage: false,
    cors: corsFor(corsOrigins),
    graphiql: { title: 'Talkgraph', defaultQuery: exampleQuery },
    // GraphiQL's bundled assets are megabytes of JavaScript: loaded on the first page view only.
    renderGraphiQL: async (options) =>
      (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    // Expected errors keep their message and get a stable extensions.code; unexpected ones reach
    // clients as "Unexpected error." (details only outside production).
    maskedErrors: {
      isDev: !production,
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (isTalkgraphError(original)) {
          const located = error instanceof GraphQLError ? error : undefined;
          // A database that is down or not answering is the service's state, not the query's fault:
          // 503, which clients and load balancers retry; the driver's detail (hosts, users) is logged.
          const unavailable = original.code === 'DATABASE_UNAVAILABLE';
          if (unavailable && original.cause) {
            logger.warn({ err: original.cause }, 'query failed: the database does not answer');
          }
          return new GraphQLError(original.message, {
            nodes: located?.nodes,
            path: located?.path,
            extensions: {
              code: original.code,
              ...(unavailable ? { http: { status: 503, headers: { 'retry-after': '1' } } } : {}),
              // Too many mutations: 429, with when to retry, as HTTP clients and proxies expect.
              // A write that kept colliding with concurrent ones: nothing applied, send it again.
              ...(original.code === 'RETRY'
                ? {
                    http: {
                      status: 409,
                      headers: { 'retry-after': String(original.retryAfterSeconds ?? 1) },
                    },
                  }
                : {}),
              ...(original.code === 'RATE_LIMITED'
                ? {
                    http: {
                      status: 429,
                      headers: { 'retry-after': String(original.retryAfterSeconds ?? 60) },
                    },
                  }
                : {}),
            },
          });
        }
        return maskError(error, message, isDev);
      },
    },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      // Yoga reports every error it masks, expected ones too: a refused token or a bad argument is
      // the client's answer (and the reason was already logged where it matters), not a server fault.
      error: (...args) => {
        const err = args.find((a) => a instanceof Error);
        const original = err instanceof GraphQLError ? err.originalError : err;
        if (isTalkgraphError(original)) logger.debug({ err }, args.map(String).join(' '));
        else logger.error({ err }, args.map(String).join(' '));
      },
    },
    plugins: [
      // Each operation is compiled once into a specialised function (cached per parsed document):
      // nested lists of talks execute several times faster than graphql-js's interpreter.
      // Subscriptions stay on graphql-js: graphql-jit 0.8 hands a subscription field the operation's
      // variables as its arguments, so `graphChanged(kinds: ["talk"])` would filter nothing.
      withoutSubscribe(useGraphQlJit()),
      // Registered after graphql-jit, whose executor answers what the compiler leaves.
      ...(compiledSql
        ? [useCompiledQueries(compiledQueries(schema, store.db, store.predicates, { logger }))]
        : []),
      useJsonBodiesOnly(),
      useRequestLimits(store.db),
      // After the plugins that set the executor, before the export routes (src/server/auth.ts).
      useTokenAuth({ db: store.db, logger, readRequiresToken }),
      useMutationCount(),
      useReadinessCheck({
        endpoint: '/ready',
        // A connection error names hosts, users and databases: production answers a generic 503 and
        // logs the detail; development shows it, as yoga does.
        check: async ({ fetchAPI }) => {
          try {
            await store.db.query('select 1', [], { timeoutMs: readinessTimeoutMs });
            return true;
          } catch (error) {
            if (!production) throw error;
            logger.warn({ err: error }, 'readiness check failed: the database does not answer');
            return new fetchAPI.Response('database unavailable', {
              status: 503,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            });
          }
        },
      }),
      useExportRoutes({ store, logger, iriBase, exportsAtOnce }),
      ...plugins,
    ],
  });
}

export type App = ReturnType<typeof createApp>;

/**
 * Recomputes the related-talk lists that mutations marked (docs/ranking.md, "Stored lists"), on the
 * store itself rather than a request's deadline-bound view, in the background: half a second after
 * the last change (at most 5 s after the first of a burst), so that a curator's or an ingest run's
 * changes in a row are recomputed once; one run at a time. Until then the API answers those talks
 * from the live ranking, with the same answers.
 */
function relatedListsRefresher(store: Store, logger: Logger): () => void {
  const quietMs = 500;
  const longestWaitMs = 5000;
  let timer: NodeJS.Timeout | null = null;
  let firstAsked = 0;
  let running = false;
  let again = false;
  const run = async () => {
    running = true;
    do {
      again = false;
      try {
        const { refreshRelatedTalkLists } = await import('../graph/related-talks.js');
        await refreshRelatedTalkLists(store.db, store.predicates);
      } catch (error) {
        logger.warn(
          { err: error },
          'related-talk lists not refreshed after a change (answered live until the next change or talkgraph refresh-related)',
        );
      }
    } while (again);
    running = false;
  };
  const start = () => {
    timer = null;
    if (running) again = true;
    else void run();
  };
  return () => {
    const now = Date.now();
    if (timer) clearTimeout(timer);
    else firstAsked = now;
    timer = setTimeout(start, Math.max(0, Math.min(quietMs, firstAsked + longestWaitMs - now)));
    timer.unref();
  };
}

function withoutSubscribe<P extends { onSubscribe?: unknown }>(plugin: P): Omit<P, 'onSubscribe'> {
  const { onSubscribe: _subscribe, ...rest } = plugin;
  return rest;
}
