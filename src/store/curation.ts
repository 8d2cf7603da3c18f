// The curation layer (docs/curation.md): facts people asserted or retracted, labels they chose and
// entities they merged, each tied to its change in the audit trail. It sits on top of what documents
// say: writeDocument consults it (merged entities, retractions, chosen labels), so re-ingesting a
// document never undoes a correction, and a fact a curator asserted stays when its documents go.
import { TalkgraphError } from '../errors.js';
import { describeChange } from './changes.js';
import type { Queryable } from './database.js';
import type { FactNode } from './facts.js';
import { type NodeRow, nodeKey } from './nodes.js';
import type { PredicateRegistry } from './predicates.js';
import { markRelatedTalkListsChanged } from './related-talk-lists.js';
import { refreshTalkTerms } from './talk-terms.js';
import { assertTriples, deleteOrphans, type ObjectRef, type TripleInput } from './triples.js';

/** A fact as a curator names it: subject, predicate, and an object node or a literal. */
export interface FactRef {
  subject: number;
  predicate: string;
  object: ObjectRef;
}

const nodeColumns = 'id, kind, slug, label';

export async function findNodes(q: Queryable, ids: readonly number[]): Promise<Map<number, NodeRow>> {
  const rows = await q.query<NodeRow>(`select ${nodeColumns} from node where id = any($1::bigint[])`, [
    [...ids],
  ]);
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Checks a fact against the ontology: the predicate exists, the subject (and object node) are of the
 * kinds it connects, a literal has its type. Throws BAD_USER_INPUT saying what is wrong.
 */
export function checkFact(predicates: PredicateRegistry, fact: FactRef, nodes: Map<number, NodeRow>): void {
  const predicate = predicates.get(fact.predicate);
  const subject = nodes.get(fact.subject);
  if (!subject) throw new TalkgraphError('NOT_FOUND', `no entity with the subject's id`);
  if (predicate.subjectKind && subject.kind !== predicate.subjectKind) {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `"${predicate.name}" is said of a ${predicate.subjectKind}, and "${subject.label}" is a ${subject.kind}`,
    );
  }
  if ('node' in fact.object) {
    const object = nodes.get(fact.object.node);
    if (!object) throw new TalkgraphError('NOT_FOUND', `no entity with the object's id`);
    if (predicate.objectType !== 'node') {
      throw new TalkgraphError(
        'BAD_USER_INPUT',
        `"${predicate.name}" takes a ${predicate.objectType} value, not an entity`,
      );
    }
    if (predicate.objectKind && object.kind !== predicate.objectKind) {
      throw new TalkgraphError(
        'BAD_USER_INPUT',
        `"${predicate.name}" points at a ${predicate.objectKind}, and "${object.label}" is a ${object.kind}`,
      );
    }
  } else if (predicate.objectType === 'node') {
    throw new TalkgraphError(
      'BAD_USER_INPUT',
      `"${predicate.name}" points at ${predicate.objectKind ? `a ${predicate.objectKind}` : 'an entity'}, not a value`,
    );
  }
}

/**
 * Asserts facts on behalf of change `changeId`: each is stored (or found) and recorded as curated, and
 * a retraction of the same fact is lifted. Returns the facts' triple ids, in input order.
 */
export async function assertCuratedFacts(
  q: Queryable,
  predicates: PredicateRegistry,
  changeId: number,
  facts: readonly TripleInput[],
  options: { derived?: boolean } = {},
): Promise<number[]> {
  if (facts.length === 0) return [];
  const { ids } = await assertTriples(q, predicates, null, facts);
  await q.query(
    `insert into triple_curation (triple_id, change_id) select unnest($1::bigint[]), $2 on conflict do nothing`,
    [[...new Set(ids)], changeId],
  );
  for (const fact of facts) {
    const { clause, params } = factMatch(predicates, fact, 'r');
    await q.query(`delete from retraction r where ${clause}`, params);
  }
  if (options.derived !== false) await refreshDerived(q, predicates, [...facts.flatMap(subjectAndObject)]);
  return ids;
}

/** A where-clause matching `fact` on table alias `alias`, with its parameters ($1 to $3). */
function factMatch(predicates: PredicateRegistry, fact: FactRef, alias: string) {
  const objectClause =
    'node' in fact.object
      ? `${alias}.object_id = $3`
      : `md5(${alias}.object_value) = md5($3) and ${alias}.object_value = $3`;
  return {
    clause: `${alias}.subject_id = $1 and ${alias}.predicate_id = $2 and ${objectClause}`,
    params: [
      fact.subject,
      predicates.get(fact.predicate).id,
      'node' in fact.object ? fact.object.node : fact.object.value,
    ],
  };
}

const subjectAndObject = (fact: FactRef) =>
  'node' in fact.object ? [fact.subject, fact.object.node] : [fact.subject];

export interface RetractedFact {
  id: number;
  subject: number;
  predicate: string;
  objectId: number | null;
  objectValue: string | null;
  confidence: number;
  /** The documents that stated it. */
  documents: number[];
}

/**
 * Retracts a fact on behalf of change `changeId`: it is deleted whoever supported it, and kept out of
 * the graph whatever a document says later, until a curator asserts it again. Entities left with no
 * fact at all go too. Returns the fact as it was (null when the graph did not hold it).
 */
export async function retractCuratedFact(
  q: Queryable,
  predicates: PredicateRegistry,
  changeId: number,
  fact: FactRef,
): Promise<RetractedFact | null> {
  const { clause, params } = factMatch(predicates, fact, 't');
  await q.query(
    `insert into retraction (subject_id, predicate_id, ${'node' in fact.object ? 'object_id' : 'object_value'}, change_id)
     values ($1, $2, $3, $4) on conflict do nothing`,
    [...params, changeId],
  );
  const [removed] = await q.query<Omit<RetractedFact, 'predicate'>>(
    `delete from triple t where ${clause}
     returning t.id, t.subject_id as subject, t.object_id as "objectId", t.object_value as "objectValue",
               t.confidence,
               array(select s.document_id from triple_source s where s.triple_id = t.id) as documents`,
    params,
  );
  if (!removed) return null;
  await describeChange(q, changeId, { before: { ...removed, predicate: fact.predicate } });
  await deleteOrphans(q, subjectAndObject(fact));
  await refreshDerived(q, predicates, subjectAndObject(fact));
  return { ...removed, predicate: fact.predicate };
}

/** Gives a node the label a curator chose; documents' later labels for it do not replace it. */
export async function renameNode(
  q: Queryable,
  predicates: PredicateRegistry,
  changeId: number,
  id: number,
  label: string,
): Promise<void> {
  await q.query('update node set label = $2 where id = $1', [id, label]);
  await q.query(
    `insert into curated_label (node_id, label, change_id) values ($1, $2, $3)
     on conflict (node_id) do update set label = excluded.label, change_id = excluded.change_id`,
    [id, label, changeId],
  );
  await refreshDerived(q, predicates, [id]);
}

/**
 * What the words and related-talk lists of `nodeIds` depend on changed: the talks among them get
 * their words recomputed (unless `words: false`) and their lists marked out of date, with the lists
 * naming them (unless `naming: false`: see markRelatedTalkListsChanged).
 */
export async function refreshDerived(
  q: Queryable,
  predicates: PredicateRegistry,
  nodeIds: readonly number[],
  options: { words?: boolean; naming?: boolean } = {},
): Promise<void> {
  const talks = await q.query<{ id: number }>(
    `select id from node where id = any($1::bigint[]) and kind = 'talk'`,
    [[...new Set(nodeIds)]],
  );
  const ids = talks.map((row) => row.id);
  // A talk's words come from its title and abstract: other changes leave them as they are.
  if (options.words !== false) await refreshTalkTerms(q, predicates, ids);
  await markRelatedTalkListsChanged(q, ids, { naming: options.naming });
}

/**
 * The kinds of `ids` (those that still exist, or were merged) and the events they touch: events among
 * them, the events of talks among them and of the talks of speakers among them.
 */
export async function kindsAndEvents(
  q: Queryable,
  predicates: PredicateRegistry,
  ids: readonly number[],
): Promise<{ kinds: string[]; events: number[] }> {
  const [row] = await q.query<{ kinds: string[] | null; events: number[] | null }>(
    `select (select array_agg(distinct k) from (select kind as k from node where id = any($1::bigint[])
              union select kind from merged_entity where id = any($1::bigint[])) k) as kinds,
            (select array_agg(distinct e) from (
               select id as e from node where id = any($1::bigint[]) and kind = 'event'
               union select object_id from triple where predicate_id = $2 and subject_id = any($1::bigint[])
               union select pa.object_id from triple hs
                 join triple pa on pa.subject_id = hs.subject_id and pa.predicate_id = $2
                where hs.predicate_id = $3 and hs.object_id = any($1::bigint[])) e) as events`,
    [[...ids], predicates.get('presented_at').id, predicates.get('has_speaker').id],
  );
  return { kinds: row?.kinds ?? [], events: row?.events ?? [] };
}

// ---- What writeDocument asks the curation layer --------------------------------------------------

/**
 * The survivors of merged entities among `nodes`: a document that names an entity merged into
 * another (by its kind and slug) speaks of the survivor. Keyed by nodeKey of the merged entity.
 */
export async function survivorsOf(q: Queryable, nodes: readonly FactNode[]): Promise<Map<string, FactNode>> {
  const found = new Map<string, FactNode>();
  if (nodes.length === 0) return found;
  const rows = await q.query<{ kind: string; slug: string; intoSlug: string; intoLabel: string }>(
    `select m.kind, m.slug, n.slug as "intoSlug", n.label as "intoLabel"
       from unnest($1::text[], $2::text[]) as u(kind, slug)
       join merged_entity m on m.kind = u.kind and m.slug = u.slug
       join node n on n.id = m.into_id`,
    [nodes.map((n) => n.kind), nodes.map((n) => n.slug)],
  );
  for (const row of rows)
    found.set(nodeKey(row.kind, row.slug), { kind: row.kind, slug: row.intoSlug, label: row.intoLabel });
  return found;
}

/** The facts among `facts` that a curator retracted, by their index. */
export async function retractedIndexes(
  q: Queryable,
  predicates: PredicateRegistry,
  facts: readonly TripleInput[],
): Promise<Set<number>> {
  const retracted = new Set<number>();
  if (facts.length === 0) return retracted;
  const rows = await q.query<{ i: number }>(
    `select u.i from unnest($1::bigint[], $2::smallint[], $3::bigint[], $4::text[]) with ordinality as u(s, p, o, v, i)
      where exists (select 1 from retraction r
                     where r.subject_id = u.s and r.predicate_id = u.p
                       and (r.object_id = u.o or (r.object_value is not null and md5(r.object_value) = md5(u.v)
                            and r.object_value = u.v)))`,
    [
      facts.map((f) => f.subject),
      facts.map((f) => predicates.get(f.predicate).id),
      facts.map((f) => ('node' in f.object ? f.object.node : null)),
      facts.map((f) => ('value' in f.object ? f.object.value : null)),
    ],
  );
  for (const row of rows) retracted.add(Number(row.i) - 1);
  return retracted;
}

/** Nodes among `ids` whose label a curator chose. */
export async function curatedLabelIds(q: Queryable, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await q.query<{ id: number }>(
    'select node_id as id from curated_label where node_id = any($1::bigint[])',
    [[...ids]],
  );
  return new Set(rows.map((row) => row.id));
}
