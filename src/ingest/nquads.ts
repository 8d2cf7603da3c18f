// N-Quads in: what `talkgraph export --format nquads` writes (src/store/export/nquads.ts) back into
// documents and their facts, one document per named graph. Parsed by N3.js line by line as the input
// streams in, so every problem names its line; anything Talkgraph cannot store exactly (an IRI
// outside the base, an unknown predicate, a literal of the wrong type, a quad outside any graph) is
// refused with a reason rather than dropped. Concatenated files merge: their graphs are unioned.
import { EventEmitter } from 'node:events';
import type { Quad, Term } from 'n3';
import { TalkgraphError } from '../errors.js';
import type { DocumentInput } from '../store/documents.js';
import type { Fact, FactNode } from '../store/facts.js';
import { kinds, literalProblem, type PredicateDefinition } from '../store/ontology.js';
import {
  classIri,
  literalDatatypes,
  parseEntityIri,
  parsePredicateIri,
  rdfObject,
  rdfPredicate,
  rdfStatement,
  rdfSubject,
  rdfsLabel,
  rdfType,
  vocabularyTerms,
} from '../store/rdf.js';

export interface NQuadsDocument {
  document: DocumentInput;
  facts: Fact[];
}

export interface ReadNQuadsOptions {
  /** The input's name in messages: a file name or "stdin". */
  name: string;
  iriBase: string;
  predicates: readonly PredicateDefinition[];
}

/** Whether a text starts like N-Quads: its first statement is `<iri>|_:b <iri> object [graph] .`. */
export function looksLikeNQuads(head: string): boolean {
  const first = head.split('\n').find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  return first !== undefined && /^\s*(?:<[^<>\s"]*>|_:\S+)\s+<[^<>\s"]*>\s+\S.*\s\.\s*$/.test(first);
}

interface Located<T> {
  value: T;
  line: number;
}

interface FactDraft {
  subject: { iri: string; kind: string; slug: string };
  predicate: PredicateDefinition;
  object: { node: { iri: string; kind: string; slug: string } } | { value: string };
  line: number;
  annotations: Partial<Record<Annotation, Located<string>>>;
}

type Annotation = keyof ReturnType<typeof vocabularyTerms>['annotation'];
type Metadata = keyof ReturnType<typeof vocabularyTerms>['document'];

interface StatementDraft {
  line: number;
  subject?: Located<string>;
  predicate?: Located<string>;
  object?: Located<string>;
  annotations: Partial<Record<Annotation, Located<string>>>;
}

interface GraphDraft {
  iri: string;
  line: number;
  metadata: Partial<Record<Metadata, Located<string>>>;
  labels: Map<string, string>;
  facts: Map<string, FactDraft>;
  statements: Map<string, StatementDraft>;
}

/** How a term is compared when a statement names a fact: the same form the exporter hashes. */
function termKey(term: Term): string {
  if (term.termType === 'NamedNode') return `<${term.value}>`;
  if (term.termType === 'Literal') return `${JSON.stringify(term.value)}^^<${term.datatype.value}>`;
  return `_:${term.value}`;
}

const describeTerm = (term: Term) =>
  term.termType === 'Literal' ? JSON.stringify(term.value.slice(0, 60)) : termKey(term);

/**
 * Reads N-Quads `lines` into documents, in the order their graphs first appear. Throws
 * INGEST_REJECTED naming the input, the line and the problem; nothing is returned for a bad input.
 */
export async function readNQuads(
  lines: AsyncIterable<string>,
  options: ReadNQuadsOptions,
): Promise<NQuadsDocument[]> {
  // Taken before the first await: a readline interface drops the lines it reads before then.
  const pending = lines[Symbol.asyncIterator]();
  const { iriBase } = options;
  const terms = vocabularyTerms(iriBase);
  const predicates = new Map(options.predicates.map((p) => [p.name, p]));
  const kindNames = new Set(kinds.map((k) => k.name));
  const metadataByIri = new Map(Object.entries(terms.document).map(([key, iri]) => [iri, key as Metadata]));
  const annotationByIri = new Map(
    Object.entries(terms.annotation).map(([key, iri]) => [iri, key as Annotation]),
  );
  const graphs = new Map<string, GraphDraft>();
  let lineNumber = 0;
  const fail = (problem: string, line = lineNumber): never => {
    throw new TalkgraphError('INGEST_REJECTED', `${options.name}:${line}: ${problem}`);
  };

  const entityOf = (term: Term, role: string) => {
    if (term.termType !== 'NamedNode') fail(`the ${role} ${describeTerm(term)} is not an IRI`);
    const entity = parseEntityIri(iriBase, term.value);
    if (!entity) {
      fail(
        `the ${role} <${term.value}> is not an entity IRI under ${iriBase} (the IRI base, TALKGRAPH_IRI_BASE)`,
      );
    }
    const { kind, slug } = entity as { kind: string; slug: string };
    if (!kindNames.has(kind)) fail(`the ${role} <${term.value}> is of no known kind ("${kind}")`);
    return { iri: term.value, kind, slug };
  };

  const literalOf = (term: Term, type: keyof typeof literalDatatypes, what: string): string => {
    if (term.termType !== 'Literal')
      return fail(`${what} takes a ${type} literal, got ${describeTerm(term)}`);
    const datatype = term.datatype.value;
    const langString = datatype === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
    if (datatype !== literalDatatypes[type] && !(type === 'string' && langString)) {
      fail(`${what} takes a literal of type <${literalDatatypes[type]}>, got <${datatype}>`);
    }
    const problem = literalProblem(type, term.value);
    if (problem) fail(`${what}: ${describeTerm(term)} ${problem}`);
    return term.value;
  };

  const set = <K extends string>(
    record: Partial<Record<K, Located<string>>>,
    key: K,
    value: string,
    what: string,
  ) => {
    const earlier = record[key];
    if (earlier && earlier.value !== value) {
      fail(
        `${what} is given twice with different values (line ${earlier.line} says ${JSON.stringify(earlier.value)})`,
      );
    }
    record[key] ??= { value, line: lineNumber };
  };

  const graphOf = (quad: Quad): GraphDraft => {
    if (quad.graph.termType === 'DefaultGraph') {
      fail('the quad is outside any graph: every quad belongs to the graph of the document that states it');
    }
    const iri = quad.graph.value;
    const existing = graphs.get(iri);
    if (existing) return existing;
    const entity = quad.graph.termType === 'NamedNode' ? parseEntityIri(iriBase, iri) : null;
    if (entity?.kind !== 'document') {
      fail(`the graph ${termKey(quad.graph)} is not a document IRI (${iriBase}document/<slug>)`);
    }
    const graph: GraphDraft = {
      iri,
      line: lineNumber,
      metadata: {},
      labels: new Map(),
      facts: new Map(),
      statements: new Map(),
    };
    graphs.set(iri, graph);
    return graph;
  };

  const annotation = (key: Annotation, object: Term, what: string): string => {
    if (key === 'qualifier') return literalOf(object, 'string', what);
    if (key === 'confidence') {
      if (
        object.termType !== 'Literal' ||
        !/^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(object.value)
      ) {
        return fail(`${what} must be a number in (0, 1], got ${describeTerm(object)}`);
      }
      const confidence = Number(object.value);
      if (!(confidence > 0 && confidence <= 1)) fail(`${what} must be in (0, 1], got ${object.value}`);
      return object.value;
    }
    return literalOf(object, 'integer', what);
  };

  const take = (quad: Quad) => {
    const graph = graphOf(quad);
    const { subject, predicate, object } = quad;
    if (predicate.termType !== 'NamedNode') fail(`the predicate ${describeTerm(predicate)} is not an IRI`);
    const p = predicate.value;

    // A reified statement: annotations of a fact stated in the same graph.
    if (subject.termType === 'BlankNode') {
      let statement = graph.statements.get(subject.value);
      if (!statement) {
        statement = { line: lineNumber, annotations: {} };
        graph.statements.set(subject.value, statement);
      }
      const what = `_:${subject.value}`;
      if (p === rdfType) {
        if (object.termType !== 'NamedNode' || object.value !== rdfStatement)
          fail(`${what} is typed ${describeTerm(object)}; only rdf:Statement nodes are read`);
      } else if (p === rdfSubject) set(statement, 'subject', termKey(object), `rdf:subject of ${what}`);
      else if (p === rdfPredicate) set(statement, 'predicate', termKey(object), `rdf:predicate of ${what}`);
      else if (p === rdfObject) set(statement, 'object', termKey(object), `rdf:object of ${what}`);
      else {
        const key = annotationByIri.get(p);
        if (!key) return fail(`unknown annotation <${p}> of ${what}`);
        const label = `${key} of ${what}`;
        set(statement.annotations, key, annotation(key, object, label), label);
      }
      return;
    }

    // The document itself.
    if (subject.termType === 'NamedNode' && subject.value === graph.iri) {
      const key = metadataByIri.get(p);
      if (key) {
        const type = key === 'bytes' ? 'integer' : key === 'ingestedAt' ? 'datetime' : 'string';
        const value = literalOf(object, type, `the document's ${key}`);
        const earlier = graph.metadata.ingestedAt;
        // Two databases that read the same document read it at different times: the first time counts.
        if (key === 'ingestedAt' && earlier && Date.parse(value) < Date.parse(earlier.value))
          graph.metadata.ingestedAt = { value, line: lineNumber };
        else if (key !== 'ingestedAt' || !earlier) set(graph.metadata, key, value, `the document's ${key}`);
        return;
      }
      if (p === rdfsLabel) return;
    }

    const entity = entityOf(subject, 'subject');
    if (p === rdfType) {
      if (object.termType !== 'NamedNode' || object.value !== classIri(iriBase, entity.kind))
        fail(`<${entity.iri}> is a ${entity.kind}, typed ${describeTerm(object)}`);
      return;
    }
    if (p === rdfsLabel) {
      const label = literalOf(object, 'string', `the label of <${entity.iri}>`);
      const earlier = graph.labels.get(entity.iri);
      if (earlier === undefined) graph.labels.set(entity.iri, label);
      return;
    }
    const name = parsePredicateIri(iriBase, p);
    const definition = name === null ? undefined : predicates.get(name);
    if (!definition) return fail(`unknown predicate <${p}>`);
    if (definition.subjectKind && definition.subjectKind !== entity.kind)
      fail(`"${definition.name}" is a predicate of a ${definition.subjectKind}, not of a ${entity.kind}`);
    let value: FactDraft['object'];
    if (definition.objectType === 'node') {
      const target = entityOf(object, `object of "${definition.name}"`);
      if (definition.objectKind && definition.objectKind !== target.kind)
        fail(`"${definition.name}" points at a ${definition.objectKind}, not at a ${target.kind}`);
      value = { node: target };
    } else {
      value = { value: literalOf(object, definition.objectType, `"${definition.name}"`) };
    }
    const key = `<${entity.iri}> <${p}> ${termKey(object)}`;
    if (!graph.facts.has(key)) {
      graph.facts.set(key, {
        subject: entity,
        predicate: definition,
        object: value,
        line: lineNumber,
        annotations: {},
      });
    }
  };

  // N3.js's parser reads a stream chunk by chunk; fed one line per chunk, every quad (and every
  // syntax error) it reports belongs to the line just fed.
  // Loaded here: `talkgraph ingest` imports this module for looksLikeNQuads on every run.
  const { Parser } = await import('n3');
  const parser = new Parser({ format: 'N-Quads', blankNodePrefix: '' });
  const feed = new EventEmitter();
  const parsed: Quad[] = [];
  let syntaxError: Error | null = null;
  parser.parse(feed, (error, quad) => {
    if (error) syntaxError ??= error;
    else if (quad) parsed.push(quad);
  });
  for await (const line of { [Symbol.asyncIterator]: () => pending }) {
    lineNumber++;
    feed.emit('data', `${line}\n`);
    if (syntaxError) fail(`not N-Quads: ${(syntaxError as Error).message.replace(/ on line \d+\.?$/, '')}`);
    for (const quad of parsed) take(quad);
    parsed.length = 0;
  }
  feed.emit('end');
  if (syntaxError) fail(`not N-Quads: ${(syntaxError as Error).message.replace(/ on line \d+\.?$/, '')}`);
  for (const quad of parsed) take(quad);
  if (graphs.size === 0) fail('holds no quads', lineNumber);

  return [...graphs.values()].map((graph) => documentOf(graph, fail));
}

function documentOf(graph: GraphDraft, fail: (problem: string, line?: number) => never): NQuadsDocument {
  const { metadata } = graph;
  for (const key of ['name', 'sha256', 'format', 'bytes'] as const) {
    if (!metadata[key]) fail(`the graph <${graph.iri}> does not give the document's ${key}`, graph.line);
  }
  const m = metadata as Required<Pick<GraphDraft['metadata'], 'name' | 'sha256' | 'format' | 'bytes'>> &
    GraphDraft['metadata'];
  if (!/^[0-9a-f]{64}$/.test(m.sha256.value))
    fail("the document's sha256 is not 64 hex digits", m.sha256.line);
  if (!(Number(m.bytes.value) > 0)) fail("the document's bytes must be positive", m.bytes.line);

  for (const [label, statement] of graph.statements) {
    const { subject, predicate, object } = statement;
    if (!subject || !predicate || !object) {
      fail(`_:${label} lacks rdf:subject, rdf:predicate or rdf:object`, statement.line);
    }
    const fact = graph.facts.get(`${subject?.value} ${predicate?.value} ${object?.value}`);
    if (!fact) fail(`_:${label} annotates a fact the graph <${graph.iri}> does not state`, statement.line);
    (fact as FactDraft).annotations = statement.annotations;
  }

  const node = (entity: { iri: string; kind: string; slug: string }, line: number): FactNode => {
    const label = graph.labels.get(entity.iri);
    if (label === undefined) fail(`<${entity.iri}> has no rdfs:label in the graph <${graph.iri}>`, line);
    return { kind: entity.kind, slug: entity.slug, label: label as string };
  };
  const facts: Fact[] = [];
  for (const draft of graph.facts.values()) {
    const a = draft.annotations;
    const fact: Fact = {
      subject: node(draft.subject, draft.line),
      predicate: draft.predicate.name,
      object: 'node' in draft.object ? { node: node(draft.object.node, draft.line) } : draft.object,
    };
    if (a.position) fact.position = Number(a.position.value);
    if (a.qualifier) fact.qualifier = a.qualifier.value;
    if (a.confidence) fact.confidence = Number(a.confidence.value);
    if (a.spanStart || a.spanEnd) {
      const start = Number(a.spanStart?.value);
      const end = Number(a.spanEnd?.value);
      if (!a.spanStart || !a.spanEnd || end < start)
        fail(
          'a span needs both spanStart and spanEnd, the end not before the start',
          (a.spanStart ?? a.spanEnd)?.line,
        );
      fact.span = { start, end };
    }
    facts.push(fact);
  }
  return {
    document: {
      name: m.name.value,
      sha256: m.sha256.value,
      format: m.format.value,
      bytes: Number(m.bytes.value),
      ...(m.ingestedAt ? { ingestedAt: m.ingestedAt.value } : {}),
    },
    facts,
  };
}
