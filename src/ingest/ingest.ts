// One document from text to stored facts: extract (pure), build facts (pure), write (one transaction).
import { isTalkgraphError, TalkgraphError } from '../errors.js';
import type { Queryable } from '../store/database.js';
import type { PredicateRegistry } from '../store/predicates.js';
import { writeDocument } from '../store/write-document.js';
import type { SourceDocument } from './document-source.js';
import { type ExtractedDocument, type ExtractOptions, extractDocument } from './extract.js';
import { documentFacts } from './facts.js';
import type { UnclassifiedBlock } from './types.js';

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
  unclassified: UnclassifiedBlock[];
}

/** Extracts a document, naming it in any error ("listing.txt: no talk found"). */
export function extractSource(source: SourceDocument, options: ExtractOptions): ExtractedDocument {
  try {
    return extractDocument(source.text, { ...options, name: source.name });
  } catch (error) {
    if (isTalkgraphError(error) && !error.message.startsWith(`${source.name}:`)) {
      throw new TalkgraphError(error.code, `${source.name}: ${error.message}`, { cause: error });
    }
    throw error;
  }
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
    unclassified: extracted.unclassified,
  };
}
