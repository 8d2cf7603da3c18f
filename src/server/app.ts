// The HTTP application: graphql-yoga serving the Pothos schema, GraphiQL with bundled assets,
// /health (the process is up) and /ready (the database answers). Listening lives in main.ts.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import type { Context } from '../api/builder.js';
import { schema } from '../api/schema.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';

export interface AppOptions {
  store: Store;
  logger: Logger;
  /** Production hides error details from clients. */
  production: boolean;
}

export const exampleQuery = `# Welcome to Talkgraph: a knowledge graph of conference talks.
# Press the run button (or Ctrl-Enter) to see what the graph holds.
query GraphAtAGlance {
  stats {
    nodes
    triples
    documents
    kinds { kind count }
    predicates { predicate count }
  }
}
`;

export function createApp({ store, logger, production }: AppOptions) {
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: (): Context => ({ store }),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: { title: 'Talkgraph', defaultQuery: exampleQuery },
    renderGraphiQL,
    // Unexpected errors reach clients as "Unexpected error."; details only outside production.
    maskedErrors: { isDev: !production },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) =>
        logger.error({ err: args.find((a) => a instanceof Error) }, args.map(String).join(' ')),
    },
    plugins: [
      useReadinessCheck({
        endpoint: '/ready',
        check: async () => {
          await store.db.query('select 1');
        },
      }),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
