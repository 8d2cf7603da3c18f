// Facts: asserting triples with their sources, matching triple patterns, and retracting what a
// document said without touching what other documents also support.
import { TalkgraphError } from '../errors.js';
import type { Queryable } from './database.js';
import { literalProblem } from './ontology.js';
import type { PredicateRegistry } from './predicates.js';

/** The object of a triple: another node, or a literal value. */
export type ObjectRef = { node: number } | { value: string };

export interface TripleInput {
  subject: number;
  predicate: string;
  object: ObjectRef;
  /** Order among the subject's objects for this predicate. */
  position?: number | null;
  qualifier?: string | null;
  /** In (0, 1]; defaults to 1. */
  confidence?: number;
  /** Where in the source document the fact is stated. */
  span?: { start: number; end: number } | null;
}

export interface Triple {
  id: number;
  subject: number;
  predicate: string;
  objectId: number | null;
  objectValue: string | null;
  position: number | null;
  qualifier: string | null;
  confidence: number;
}

/** Any of subject, predicate and object may be bound; unbound parts match everything. */
export interface TriplePattern {
  subject?: number;
  predicate?: string;
  object?: ObjectRef;
}

export interface AssertResult {
  /** Ids of the asserted triples, in input order (duplicates in the input share an id). */
  ids: number[];
  /** How many of them did not exist before. */
  added: number;
}

const tripleKey = (subject: number, predicateId: number, object: ObjectRef) =>
  'node' in object
    ? `${subject} ${predicateId} n${object.node}`
    : `${subject} ${predicateId} v${object.value}`;

/**
 * Asserts facts, each recorded as supported by `documentId` (unless null). A fact that exists already
 * keeps its row; its confidence becomes the highest any source gives. Two statements for the facts
 * (edges and literals have different identities), one for their sources.
 */
export async function assertTriples(
  q: Queryable,
  predicates: PredicateRegistry,
  documentId: number | null,
  inputs: readonly TripleInput[],
): Promise<AssertResult> {
  const byKey = new Map<string, { input: TripleInput; predicateId: number; id: number }>();
  const keys: string[] = [];
  for (const input of inputs) {
    const predicate = predicates.get(input.predicate);
    const isNode = 'node' in input.object;
    if (isNode !== (predicate.objectType === 'node')) {
      throw new TalkgraphError(
        'BAD_USER_INPUT',
        `predicate "${predicate.name}" takes ${predicate.objectType === 'node' ? 'a node' : `a ${predicate.objectType} literal`} as its object`,
      );
    }
    if ('value' in input.object && predicate.objectType !== 'node') {
      const problem = literalProblem(predicate.objectType, input.object.value, predicate.name);
      if (problem) {
        throw new TalkgraphError(
          'BAD_USER_INPUT',
          `predicate "${predicate.name}": ${JSON.stringify(input.object.value.slice(0, 60))} ${problem}`,
        );
      }
    }
    const confidence = input.confidence ?? 1;
    if (!(confidence > 0 && confidence <= 1)) {
      throw new TalkgraphError('BAD_USER_INPUT', `confidence must be in (0, 1], got ${confidence}`);
    }
    const key = tripleKey(input.subject, predicate.id, input.object);
    keys.push(key);
    const seen = byKey.get(key);
    if (!seen || (seen.input.confidence ?? 1) < confidence)
      byKey.set(key, { input, predicateId: predicate.id, id: 0 });
  }
  const entries = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const edges = entries.filter(([, e]) => 'node' in e.input.object);
  const literals = entries.filter(([, e]) => 'value' in e.input.object);
  let added = 0;

  const columns = (rows: typeof entries) => [
    rows.map(([, e]) => e.input.subject),
    rows.map(([, e]) => e.predicateId),
    rows.map(([, e]) => ('node' in e.input.object ? e.input.object.node : e.input.object.value)),
    rows.map(([, e]) => e.input.position ?? null),
    rows.map(([, e]) => e.input.qualifier ?? null),
    rows.map(([, e]) => e.input.confidence ?? 1),
  ];
  const onConflict = `do update set
       confidence = greatest(triple.confidence, excluded.confidence),
       position = coalesce(triple.position, excluded.position),
       qualifier = coalesce(triple.qualifier, excluded.qualifier)
     returning id, (xmax = 0) as inserted`;

  // Edges and literals are independent statements, sent together.
  const insert = async (rows: typeof entries, objectColumn: string, objectType: string, arbiter: string) => {
    if (rows.length === 0) return;
    const inserted = await q.query<{ id: number; inserted: boolean }>(
      `insert into triple (subject_id, predicate_id, ${objectColumn}, position, qualifier, confidence)
       select * from unnest($1::bigint[], $2::smallint[], $3::${objectType}[], $4::int[], $5::text[], $6::real[])
       on conflict ${arbiter} ${onConflict}`,
      columns(rows),
    );
    inserted.forEach((row, i) => {
      const entry = rows[i];
      if (entry) entry[1].id = row.id;
      if (row.inserted) added++;
    });
  };
  await Promise.all([
    insert(edges, 'object_id', 'bigint', '(subject_id, predicate_id, object_id) where object_id is not null'),
    insert(
      literals,
      'object_value',
      'text',
      '(subject_id, predicate_id, md5(object_value)) where object_value is not null',
    ),
  ]);
  if (documentId !== null && entries.length > 0) {
    await q.query(
      `insert into triple_source (triple_id, document_id, span_start, span_end, confidence)
       select t, $1, s, e, c from unnest($2::bigint[], $3::int[], $4::int[], $5::real[]) as u(t, s, e, c)
       on conflict (triple_id, document_id) do update set
         span_start = excluded.span_start, span_end = excluded.span_end, confidence = excluded.confidence`,
      [
        documentId,
        entries.map(([, e]) => e.id),
        entries.map(([, e]) => e.input.span?.start ?? null),
        entries.map(([, e]) => e.input.span?.end ?? null),
        entries.map(([, e]) => e.input.confidence ?? 1),
      ],
    );
  }
  return { ids: keys.map((key) => byKey.get(key)?.id ?? 0), added };
}

export interface RetractResult {
  /** Facts deleted because no other document supports them. */
  removed: number;
  /** Nodes deleted because no fact mentions them any more. */
  removedNodes: number;
  /** Subjects of the deleted facts (some may be gone now), whose derived data may need refreshing. */
  touched: number[];
}

/**
 * Withdraws `documentId`'s support from every fact except `keep`. Facts left with no source are
 * deleted (unless a curator asserted them: src/store/curation.ts), then nodes left with no fact at
 * all; facts other documents support stay as they are.
 */
export async function retractDocument(
  q: Queryable,
  documentId: number,
  keep: readonly number[] = [],
): Promise<RetractResult> {
  const withdrawn = await q.query<{ triple_id: number }>(
    `delete from triple_source where document_id = $1 and not (triple_id = any($2::bigint[]))
     returning triple_id`,
    [documentId, [...keep]],
  );
  if (withdrawn.length === 0) return { removed: 0, removedNodes: 0, touched: [] };
  const ids = withdrawn.map((row) => row.triple_id);
  // A separate statement: a data-modifying CTE's deletions are invisible to the rest of its query.
  const deleted = await q.query<{ subject_id: number; object_id: number | null }>(
    `delete from triple t where t.id = any($1::bigint[])
       and not exists (select 1 from triple_source s where s.triple_id = t.id)
       and not exists (select 1 from triple_curation c where c.triple_id = t.id)
     returning subject_id, object_id`,
    [ids],
  );
  await q.query(
    `update triple t set confidence = s.confidence
       from (select triple_id, max(confidence) as confidence from triple_source
              where triple_id = any($1::bigint[]) group by triple_id) s
      where t.id = s.triple_id and t.confidence <> s.confidence`,
    [ids],
  );
  const touched = new Set<number>();
  for (const row of deleted) {
    touched.add(row.subject_id);
    if (row.object_id !== null) touched.add(row.object_id);
  }
  const orphans = await deleteOrphans(q, [...touched]);
  return {
    removed: deleted.length,
    removedNodes: orphans.length,
    touched: [...new Set(deleted.map((row) => row.subject_id))],
  };
}

/** Deletes those of `ids` that no fact mentions any more (documents stay); returns their ids. */
export async function deleteOrphans(q: Queryable, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<{ id: number }>(
    `delete from node n where n.id = any($1::bigint[]) and n.kind <> 'document'
       and not exists (select 1 from triple where subject_id = n.id)
       and not exists (select 1 from triple where object_id = n.id)
     returning id`,
    [[...ids]],
  );
  return rows.map((row) => row.id);
}

export interface Page {
  first: number;
  /** Return triples with ids greater than this (keyset pagination). */
  after?: number | null;
}

/** Builds the WHERE clause of a pattern; parameters are numbered from 1. */
function patternWhere(predicates: PredicateRegistry, pattern: TriplePattern) {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (pattern.subject !== undefined) {
    params.push(pattern.subject);
    clauses.push(`t.subject_id = $${params.length}`);
  }
  if (pattern.predicate !== undefined) {
    params.push(predicates.get(pattern.predicate).id);
    clauses.push(`t.predicate_id = $${params.length}`);
  }
  if (pattern.object !== undefined) {
    if ('node' in pattern.object) {
      params.push(pattern.object.node);
      clauses.push(`t.object_id = $${params.length}`);
    } else {
      params.push(pattern.object.value);
      // The md5 comparison lets the hashed literal indexes serve the lookup.
      clauses.push(`md5(t.object_value) = md5($${params.length}) and t.object_value = $${params.length}`);
    }
  }
  return { clauses, params };
}

/** Triples matching the pattern, in id order, `first` at a time. */
export async function matchTriples(
  q: Queryable,
  predicates: PredicateRegistry,
  pattern: TriplePattern,
  page: Page,
): Promise<{ triples: Triple[]; hasNextPage: boolean }> {
  const { clauses, params } = patternWhere(predicates, pattern);
  if (page.after != null) {
    params.push(page.after);
    clauses.push(`t.id > $${params.length}`);
  }
  params.push(page.first + 1);
  const rows = await q.query<Omit<Triple, 'predicate'> & { predicateId: number }>(
    `select t.id, t.subject_id as subject, t.predicate_id as "predicateId", t.object_id as "objectId",
            t.object_value as "objectValue", t.position, t.qualifier, t.confidence
       from triple t ${clauses.length ? `where ${clauses.join(' and ')}` : ''}
      order by t.id limit $${params.length}`,
    params,
  );
  const triples = rows.slice(0, page.first).map(({ predicateId, ...row }) => ({
    ...row,
    predicate: predicates.byIdOrThrow(predicateId).name,
  }));
  return { triples, hasNextPage: rows.length > page.first };
}

export async function countTriples(
  q: Queryable,
  predicates: PredicateRegistry,
  pattern: TriplePattern,
): Promise<number> {
  const { clauses, params } = patternWhere(predicates, pattern);
  const [row] = await q.query<{ count: number }>(
    `select count(*) as count from triple t ${clauses.length ? `where ${clauses.join(' and ')}` : ''}`,
    params,
  );
  return row?.count ?? 0;
}
