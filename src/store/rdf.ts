// How the graph is named in RDF: one IRI per entity, predicate and source document under a base
// (TALKGRAPH_IRI_BASE), so that exported files from two databases merge by concatenation and the
// N-Quads reader maps every IRI back to the same kind, slug or predicate. docs/formats.md lists them.
import { createHash } from 'node:crypto';
import { TalkgraphError } from '../errors.js';
import type { ObjectType } from './ontology.js';

/** The base used when none is configured; entities are `<base><kind>/<slug>`. */
export const defaultIriBase = 'https://talkgraph.dev/id/';

/** The vocabulary of predicates: `<base>vocab/<name>`. */
export const vocabularyIri = (base: string) => `${base}vocab/`;

export const entityIri = (base: string, kind: string, slug: string) => `${base}${kind}/${slug}`;

export const predicateIri = (base: string, name: string) => `${vocabularyIri(base)}${name}`;

/** A source document's graph: the document node's IRI. */
export const documentIri = (base: string, slug: string) => entityIri(base, 'document', slug);

/** A base must be an absolute http(s) IRI ending in "/" or "#", so that names append cleanly. */
export function checkIriBase(base: string, source = 'TALKGRAPH_IRI_BASE'): string {
  if (!/^https?:\/\/[^\s<>"{}|\\^`]+[/#]$/.test(base)) {
    throw new TalkgraphError(
      'BAD_CONFIG',
      `${source}: ${JSON.stringify(base)} is not an http(s) IRI ending in "/" or "#"`,
    );
  }
  return base;
}

/** The kind and slug an entity IRI names under `base`, or null when it is not one of ours. */
export function parseEntityIri(base: string, iri: string): { kind: string; slug: string } | null {
  if (!iri.startsWith(base)) return null;
  const match = /^([a-z][a-z0-9_]*)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(iri.slice(base.length));
  return match ? { kind: match[1] as string, slug: match[2] as string } : null;
}

/** The predicate name a vocabulary IRI names under `base`, or null. */
export function parsePredicateIri(base: string, iri: string): string | null {
  const prefix = vocabularyIri(base);
  if (!iri.startsWith(prefix)) return null;
  const name = iri.slice(prefix.length);
  return /^[a-z][a-z0-9_]*$/.test(name) ? name : null;
}

// The terms the N-Quads export writes and the N-Quads reader reads (src/store/export/nquads.ts,
// src/ingest/nquads.ts): one definition for both.

export const rdfNamespace = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const rdfType = `${rdfNamespace}type`;
export const rdfStatement = `${rdfNamespace}Statement`;
export const rdfSubject = `${rdfNamespace}subject`;
export const rdfPredicate = `${rdfNamespace}predicate`;
export const rdfObject = `${rdfNamespace}object`;
export const rdfsLabel = 'http://www.w3.org/2000/01/rdf-schema#label';
export const xsdNamespace = 'http://www.w3.org/2001/XMLSchema#';

/** The XML Schema datatype of each literal type of the ontology. */
export const literalDatatypes: Record<Exclude<ObjectType, 'node'>, string> = {
  string: `${xsdNamespace}string`,
  integer: `${xsdNamespace}integer`,
  boolean: `${xsdNamespace}boolean`,
  datetime: `${xsdNamespace}dateTime`,
  date: `${xsdNamespace}date`,
};

/** The class of a kind: `<base>vocab/Talk`, `<base>vocab/Organization`. */
export const classIri = (base: string, kind: string) =>
  `${vocabularyIri(base)}${kind.replace(/(?:^|_)([a-z])/g, (_m, c: string) => c.toUpperCase())}`;

/**
 * Terms that are not predicates of the graph. camelCase, so that they can never collide with a
 * predicate (predicate names are snake_case; `format` is a talk's session format, not a file's).
 */
export function vocabularyTerms(base: string) {
  const term = (name: string) => `${vocabularyIri(base)}${name}`;
  return {
    document: {
      name: term('documentName'),
      sha256: term('sha256'),
      format: term('documentFormat'),
      bytes: term('bytes'),
      ingestedAt: term('ingestedAt'),
    },
    annotation: {
      position: term('position'),
      qualifier: term('qualifier'),
      confidence: term('confidence'),
      spanStart: term('spanStart'),
      spanEnd: term('spanEnd'),
    },
  };
}

/**
 * The blank-node label of the statement annotating (graph, subject, predicate, object): derived from
 * them alone, so that two files never give one label to different facts.
 */
export function statementLabel(graph: string, subject: string, predicate: string, object: string): string {
  return `s${createHash('sha256').update(`${graph}\n${subject}\n${predicate}\n${object}`).digest('hex').slice(0, 32)}`;
}
