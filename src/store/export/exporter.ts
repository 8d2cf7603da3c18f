// What every export format shares: it reads a store and yields its text in chunks, so that the CLI
// writes a file and the server streams a response from the same code, with memory bounded by the
// page size rather than by the graph.
import type { Store } from '../store.js';

export type ExportFormat = 'nquads' | 'jsonld' | 'ical';

export interface ExportOptions {
  /** Only this event's talks and what they connect to (an event slug); null: the whole graph. */
  event: string | null;
  /** The IRI base entities and predicates are named under (src/store/rdf.ts). */
  iriBase: string;
}

/** One export format: chunks of its text, in order. Throws NOT_FOUND for an unknown event. */
export type Exporter = (store: Store, options: ExportOptions) => AsyncIterable<string>;
