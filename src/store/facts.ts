// The facts the store keeps: a subject node, a predicate, and a node or a literal as object, with
// where the source states it and how sure the reader is. Readers (src/ingest) produce them; the
// writer (write-document.ts) stores them. Nodes are identified by kind and slug.

/** A half-open range of UTF-16 offsets into a document's text, for provenance. */
export interface Span {
  start: number;
  end: number;
}

export interface FactNode {
  kind: string;
  slug: string;
  label: string;
}

export type FactObject = { node: FactNode } | { value: string };

export interface Fact {
  subject: FactNode;
  predicate: string;
  object: FactObject;
  position?: number;
  qualifier?: string | null;
  confidence?: number;
  span?: Span | null;
}
