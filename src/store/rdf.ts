// How the graph is named in RDF: one IRI per entity, predicate and source document under a base
// (TALKGRAPH_IRI_BASE), so that exported files from two databases merge by concatenation and the
// N-Quads reader maps every IRI back to the same kind, slug or predicate. docs/formats.md lists them.
import { TalkgraphError } from '../errors.js';

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
