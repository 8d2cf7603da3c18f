// What mutations announce after they commit, and subscriptions deliver (src/api/types/subscription.ts).
// Payloads are plain JSON: with REDIS_URL they travel between server instances (src/server/events.ts).
import type { PubSub } from 'graphql-yoga';

/** Something in the graph changed: which operation, which nodes, of which kinds, at which events. */
export interface GraphChange {
  /** The audit trail's record of it (changes(…)), when there is one. */
  changeId: number | null;
  operation: string;
  /** Node ids added, changed or removed. */
  ids: number[];
  /** Their kinds ("talk", "speaker", …). */
  kinds: string[];
  /** Event node ids whose talks changed, so that a subscriber can follow one event. */
  events: number[];
}

/** A document was ingested (through the API or the CLI with --server). */
export interface DocumentIngestedEvent {
  documentId: number;
  name: string;
  status: 'added' | 'replaced' | 'unchanged';
  format: string;
  talks: number;
  added: number;
  removed: number;
}

export type GraphEvents = PubSub<{
  graphChanged: [GraphChange];
  documentIngested: [DocumentIngestedEvent];
}>;
