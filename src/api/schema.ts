// Assembles the GraphQL schema from the type modules. Importing a module registers its types.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './types/entity.js';
import './types/talk.js';
import './types/speaker.js';
import './types/topic.js';
import './types/event.js';
import './types/organization.js';
import './types/technology.js';
import './types/document.js';
import './types/predicate.js';
import './types/triple.js';
import './types/related.js';
import './types/path.js';
import './types/search.js';
import './types/stats.js';
import './types/subscription.js';
import './types/change.js';
import './types/ingest.js';
import './types/curation.js';

export const schema = builder.toSchema();

/** The SDL checked in as schema/schema.graphql (sorted, so that diffs show real changes). */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
