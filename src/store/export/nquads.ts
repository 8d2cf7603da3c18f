// The graph as N-Quads 1.1: one named graph per source document holding the document's metadata, the
// label and class of every entity it mentions and each fact it asserts, so that `talkgraph ingest`
// recreates the same documents and facts, and files from several databases merge by concatenation.
// What a fact carries beyond subject, predicate and object (position, qualifier, confidence, span)
// rides on an rdf:Statement whose blank-node label is a hash of the quad: the same in every file.
// Read document by document in keyset pages, so memory stays bounded by the page size.
import { DataFactory, Writer } from 'n3';
import { TalkgraphError } from '../../errors.js';
import type { Queryable } from '../database.js';
import { nodesBySlug } from '../nodes.js';
import type { ObjectType } from '../ontology.js';
import {
  classIri,
  documentIri,
  entityIri,
  literalDatatypes,
  predicateIri,
  rdfObject,
  rdfPredicate,
  rdfStatement,
  rdfSubject,
  rdfsLabel,
  rdfType,
  statementLabel,
  vocabularyTerms,
  xsdNamespace,
} from '../rdf.js';
import type { Exporter } from './exporter.js';

const { namedNode, literal, blankNode } = DataFactory;

/** xsd:dateTime needs seconds; the ontology lets a time end at the minute ("2024-06-22T09:30"). */
function asXsdDateTime(value: string): string {
  return value.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?=$|Z|[+-]\d{2}:\d{2}$)/, '$1:00');
}

const pageSize = 2000;
const documentPageSize = 200;

interface DocumentRow {
  id: number;
  slug: string;
  name: string;
  sha256: string;
  format: string;
  bytes: number;
  ingestedAt: string;
}

interface FactRow {
  id: number;
  subjectKind: string;
  subjectSlug: string;
  predicateId: number;
  objectKind: string | null;
  objectSlug: string | null;
  objectValue: string | null;
  position: number | null;
  qualifier: string | null;
  confidence: number;
  spanStart: number | null;
  spanEnd: number | null;
}

/** The node ids an event export covers: the event, its talks and every node its talks point at. */
async function eventScope(q: Queryable, presentedAt: number, slug: string): Promise<number[]> {
  const event = (await nodesBySlug(q, 'event', [slug])).get(slug); // merged slugs name the survivor
  if (!event) throw new TalkgraphError('NOT_FOUND', `no event with slug "${slug}"`);
  const rows = await q.query<{ id: number }>(
    `with talks as (select subject_id as id from triple where predicate_id = $2 and object_id = $1)
     select $1::bigint as id
     union select id from talks
     union select t.object_id from triple t join talks on t.subject_id = talks.id where t.object_id is not null`,
    [event.id, presentedAt],
  );
  return rows.map((row) => row.id);
}

export const nquadsExporter: Exporter = async function* (store, { event, iriBase }) {
  const q = store.db;
  const terms = vocabularyTerms(iriBase);
  const writer = new Writer({ format: 'N-Quads' });
  const scope = event ? await eventScope(q, store.predicates.get('presented_at').id, event) : null;
  // With --event, only facts whose subject is in scope; `$n` is where the scope's ids go.
  const inScope = (n: number) => (scope ? `and t.subject_id = any($${n}::bigint[])` : '');
  const scopeParams = scope ? [scope] : [];
  const predicateIris = new Map(
    store.predicates.all().map((p) => [p.id, { iri: predicateIri(iriBase, p.name), type: p.objectType }]),
  );

  for (let afterDocument = 0; ; ) {
    const documents = await q.query<DocumentRow>(
      `select d.node_id as id, n.slug, d.name, d.sha256, d.format, d.bytes,
              to_char(d.ingested_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "ingestedAt"
         from document d join node n on n.id = d.node_id
        where d.node_id > $1
          ${scope ? `and exists (select 1 from triple_source ts join triple t on t.id = ts.triple_id where ts.document_id = d.node_id ${inScope(3)})` : ''}
        order by d.node_id limit $2`,
      [afterDocument, documentPageSize, ...scopeParams],
    );
    for (const document of documents) {
      const graphIri = documentIri(iriBase, document.slug);
      const graph = namedNode(graphIri);
      const quad = (s: string, p: string, o: ReturnType<typeof literal> | ReturnType<typeof namedNode>) =>
        writer.quadToString(namedNode(s), namedNode(p), o, graph);
      const typed = (value: string | number, type: Exclude<ObjectType, 'node'>) =>
        literal(String(value), namedNode(literalDatatypes[type]));
      yield [
        quad(graphIri, rdfType, namedNode(classIri(iriBase, 'document'))),
        quad(graphIri, rdfsLabel, literal(document.name)),
        quad(graphIri, terms.document.name, literal(document.name)),
        quad(graphIri, terms.document.sha256, literal(document.sha256)),
        quad(graphIri, terms.document.format, literal(document.format)),
        quad(graphIri, terms.document.bytes, typed(document.bytes, 'integer')),
        quad(graphIri, terms.document.ingestedAt, typed(document.ingestedAt, 'datetime')),
      ].join('');

      // The label and class of every entity the document's facts mention, in its graph.
      for (let afterNode = 0; ; ) {
        const nodes = await q.query<{ id: number; kind: string; slug: string; label: string }>(
          // Driven by the document's facts, not by the node table: a page costs the document's size.
          `select n.id, n.kind, n.slug, n.label
             from (select t.subject_id as id from triple_source ts join triple t on t.id = ts.triple_id
                    where ts.document_id = $1 ${inScope(4)}
                   union
                   select t.object_id from triple_source ts join triple t on t.id = ts.triple_id
                    where ts.document_id = $1 and t.object_id is not null ${inScope(4)}) mentioned
             join node n on n.id = mentioned.id
            where mentioned.id > $2
            order by n.id limit $3`,
          [document.id, afterNode, pageSize, ...scopeParams],
        );
        if (nodes.length === 0) break;
        afterNode = (nodes.at(-1) as { id: number }).id;
        yield nodes
          .map((n) => {
            const iri = entityIri(iriBase, n.kind, n.slug);
            return (
              quad(iri, rdfType, namedNode(classIri(iriBase, n.kind))) +
              quad(iri, rdfsLabel, literal(n.label))
            );
          })
          .join('');
        if (nodes.length < pageSize) break;
      }

      for (let afterTriple = 0; ; ) {
        const facts = await q.query<FactRow>(
          `select t.id, s.kind as "subjectKind", s.slug as "subjectSlug", t.predicate_id as "predicateId",
                  o.kind as "objectKind", o.slug as "objectSlug", t.object_value as "objectValue",
                  t.position, t.qualifier, ts.confidence, ts.span_start as "spanStart", ts.span_end as "spanEnd"
             from triple_source ts join triple t on t.id = ts.triple_id
             join node s on s.id = t.subject_id left join node o on o.id = t.object_id
            where ts.document_id = $1 and ts.triple_id > $2 ${inScope(4)}
            order by ts.triple_id limit $3`,
          [document.id, afterTriple, pageSize, ...scopeParams],
        );
        if (facts.length === 0) break;
        afterTriple = (facts.at(-1) as FactRow).id;
        const lines: string[] = [];
        for (const fact of facts) {
          const predicate = predicateIris.get(fact.predicateId);
          if (!predicate) throw new Error(`predicate ${fact.predicateId} is not loaded`);
          const subject = entityIri(iriBase, fact.subjectKind, fact.subjectSlug);
          const object =
            predicate.type === 'node'
              ? namedNode(entityIri(iriBase, fact.objectKind as string, fact.objectSlug as string))
              : predicate.type === 'string'
                ? literal(fact.objectValue as string)
                : predicate.type === 'datetime'
                  ? typed(asXsdDateTime(fact.objectValue as string), 'datetime')
                  : typed(fact.objectValue as string, predicate.type);
          lines.push(quad(subject, predicate.iri, object));
          const annotations: [string, ReturnType<typeof literal>][] = [];
          if (fact.position !== null)
            annotations.push([terms.annotation.position, typed(fact.position, 'integer')]);
          if (fact.qualifier !== null)
            annotations.push([terms.annotation.qualifier, literal(fact.qualifier)]);
          // Confidence is a float4: its shortest decimal form reads back as the same value.
          if (fact.confidence !== 1)
            annotations.push([
              terms.annotation.confidence,
              literal(String(fact.confidence), namedNode(`${xsdNamespace}double`)),
            ]);
          if (fact.spanStart !== null)
            annotations.push([terms.annotation.spanStart, typed(fact.spanStart, 'integer')]);
          if (fact.spanEnd !== null)
            annotations.push([terms.annotation.spanEnd, typed(fact.spanEnd, 'integer')]);
          if (annotations.length === 0) continue;
          const objectKey =
            object.termType === 'NamedNode'
              ? `<${object.value}>`
              : `${JSON.stringify(object.value)}^^<${object.datatype.value}>`;
          const statement = blankNode(statementLabel(graphIri, subject, predicate.iri, objectKey));
          const about = (p: string, o: Parameters<typeof writer.quadToString>[2]) =>
            writer.quadToString(statement, namedNode(p), o, graph);
          lines.push(
            about(rdfType, namedNode(rdfStatement)),
            about(rdfSubject, namedNode(subject)),
            about(rdfPredicate, namedNode(predicate.iri)),
            about(rdfObject, object),
            ...annotations.map(([p, o]) => about(p, o)),
          );
        }
        yield lines.join('');
        if (facts.length < pageSize) break;
      }
    }
    if (documents.length < documentPageSize) break;
    afterDocument = (documents.at(-1) as DocumentRow).id;
  }
};
