// One extracted document into the store: build facts (pure), write (one transaction). Extraction
// (src/ingest/extract.ts) is not imported here, so a process that only writes does not load it.
import type { Queryable } from '../store/database.js';
import type { PredicateRegistry } from '../store/predicates.js';
import { writeDocument } from '../store/write-document.js';
import type { SourceDocument } from './document-source.js';
import type { ExtractedDocument } from './extract.js';
import { documentFacts } from './facts.js';
import type { SkippedRecord } from './types.js';

export interface IngestSummary {
  name: string;
  status: 'added' | 'replaced' | 'unchanged';
  format: string;
  talks: number;
  speakers: number;
  topics: number;
  /** Facts that did not exist before. */
  added: number;
  /** Facts deleted because no document supports them any more. */
  removed: number;
  /** Entries of the document that were not read as talks, with why. */
  skipped: SkippedRecord[];
}

/** Writes an extracted document through `q`, which the caller holds in a transaction. */
export async function storeExtraction(
  q: Queryable,
  predicates: PredicateRegistry,
  source: SourceDocument,
  extracted: ExtractedDocument,
): Promise<IngestSummary> {
  const facts = documentFacts(extracted, source.name);
  const result = await writeDocument(
    q,
    predicates,
    { name: source.name, sha256: source.sha256, format: extracted.format, bytes: source.bytes },
    facts.facts,
  );
  return {
    name: source.name,
    status: result.status,
    format: extracted.format,
    talks: facts.talks,
    speakers: facts.speakers,
    topics: facts.topics,
    added: result.added,
    removed: result.removed,
    skipped: extracted.skipped,
  };
}
