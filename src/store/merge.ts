// Merging entities and undoing merges (docs/curation.md, "Merges and splits"). A merge moves the
// merged entities' facts, with their sources and curations, onto the survivor, keeps their names as
// its aliases and their ids as redirects (merged_entity), and records in its change what each fact
// was and what it joined, so that splitEntity can put back exactly what the merge moved.
import { TalkgraphError } from '../errors.js';
import { describeChange } from './changes.js';
import { assertCuratedFacts, refreshDerived } from './curation.js';
import type { Queryable } from './database.js';
import type { NodeRow } from './nodes.js';
import { repeatableLiterals } from './ontology.js';
import type { PredicateRegistry } from './predicates.js';
import { markRelatedTalkListsChanged } from './related-talk-lists.js';
import { foldAccents } from './slug.js';
import type { TripleRow } from './traversal.js';
import { assertTriples, type TripleInput } from './triples.js';

interface SourceRecord {
  document: number;
  start: number | null;
  end: number | null;
  confidence: number;
}

/** One fact of a merged entity, as it was, and what it became on the survivor. */
interface MovedFact extends Omit<TripleRow, 'id'> {
  sources: SourceRecord[];
  curations: number[];
  /** The survivor's fact it joined; null when it was dropped (a loop, or a value the survivor has). */
  joined: { existed: boolean; documents: number[]; curations: number[] } | null;
}

/** What a merge did to one merged entity: enough to undo it. */
interface MergedRecord {
  node: NodeRow;
  facts: MovedFact[];
  /** The alias the merge gave the survivor (the merged entity's label), when it gave one. */
  alias: string | null;
  /** Entities merged into this one earlier, redirected to the survivor. */
  redirected: number[];
  /** Retractions about this entity, now about the survivor. */
  retractions: number[];
  curatedLabel: string | null;
}

interface MergeRecord {
  into: NodeRow;
  merged: MergedRecord[];
}

export interface MergeOutcome {
  survivor: NodeRow;
  /** Other nodes whose facts changed (the talks of merged speakers, say). */
  touched: number[];
}

/** A recorded fact as a triple to assert, between `subject` and `objectId` (null for a literal). */
function factInput(
  predicates: PredicateRegistry,
  fact: Omit<MovedFact, 'joined'>,
  subject: number,
  objectId: number | null,
  confidence: number,
): TripleInput {
  return {
    subject,
    predicate: predicates.byIdOrThrow(fact.predicateId).name,
    object: objectId !== null ? { node: objectId } : { value: fact.objectValue as string },
    position: fact.position,
    qualifier: fact.qualifier,
    confidence,
  };
}

const fold = (label: string) => foldAccents(label).toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Merges `fromIds` into `intoId` on behalf of change `changeId`. The nodes are locked first, in id
 * order, so two curators merging the same entities take turns and the second sees the first's
 * result (and gets NOT_FOUND or BAD_USER_INPUT explaining it).
 */
export async function mergeNodes(
  q: Queryable,
  predicates: PredicateRegistry,
  changeId: number,
  intoId: number,
  fromIds: readonly number[],
): Promise<MergeOutcome> {
  if (new Set(fromIds).size !== fromIds.length)
    throw new TalkgraphError('BAD_USER_INPUT', 'an entity is named twice in `from`');
  if (fromIds.includes(intoId))
    throw new TalkgraphError('BAD_USER_INPUT', 'an entity cannot be merged into itself');
  const rows = await q.query<NodeRow>(
    'select id, kind, slug, label from node where id = any($1::bigint[]) order by id for update',
    [[intoId, ...fromIds]],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const into = await mergeTarget(q, intoId, byId.get(intoId));
  const from: NodeRow[] = [];
  for (const id of fromIds) {
    const node = byId.get(id);
    if (!node) throw await missing(q, id, 'an entity to merge');
    if (node.kind !== into.kind) {
      throw new TalkgraphError(
        'BAD_USER_INPUT',
        `"${node.label}" is a ${node.kind} and "${into.label}" a ${into.kind}: only entities of one kind merge`,
      );
    }
    from.push(node);
  }
  const record: MergeRecord = { into, merged: [] };
  const touched = new Set<number>();
  const mapped = (id: number | null) => (id !== null && byId.has(id) && id !== intoId ? intoId : id);
  // The survivor's single-valued literals (an abstract, a year): the merged entity's own are dropped.
  const single = await q.query<{ predicateId: number }>(
    'select distinct predicate_id as "predicateId" from triple where subject_id = $1 and object_value is not null',
    [intoId],
  );
  const survivorHas = new Set(single.map((row) => row.predicateId));
  const repeatable = new Set([...repeatableLiterals].map((name) => predicates.get(name).id));

  for (const node of from) {
    const facts = await q.query<Omit<MovedFact, 'joined'>>(
      `select t.subject_id as subject, t.predicate_id as "predicateId", t.object_id as "objectId",
              t.object_value as "objectValue", t.position, t.qualifier, t.confidence,
              coalesce((select json_agg(json_build_object('document', s.document_id, 'start', s.span_start,
                          'end', s.span_end, 'confidence', s.confidence)) from triple_source s where s.triple_id = t.id),
                       '[]'::json) as sources,
              array(select c.change_id from triple_curation c where c.triple_id = t.id) as curations
         from triple t where t.subject_id = $1 or t.object_id = $1`,
      [node.id],
    );
    const moving: { fact: Omit<MovedFact, 'joined'>; input: TripleInput }[] = [];
    const moved: MovedFact[] = [];
    for (const fact of facts) {
      const subject = mapped(fact.subject) as number;
      const objectId = mapped(fact.objectId);
      const loop = objectId !== null && objectId === subject;
      const shadowed =
        fact.objectValue !== null &&
        subject === intoId &&
        survivorHas.has(fact.predicateId) &&
        !repeatable.has(fact.predicateId);
      if (loop || shadowed) {
        moved.push({ ...fact, joined: null });
        continue;
      }
      if (fact.subject !== node.id) touched.add(fact.subject);
      if (fact.objectId !== null && fact.objectId !== node.id) touched.add(fact.objectId);
      moving.push({ fact, input: factInput(predicates, fact, subject, objectId, fact.confidence) });
    }
    // What the survivor already had of the facts it is about to receive.
    const existing = await q.query<{ i: number; documents: number[]; curations: number[] }>(
      `select u.i, array(select s.document_id from triple_source s where s.triple_id = t.id) as documents,
              array(select c.change_id from triple_curation c where c.triple_id = t.id) as curations
         from unnest($1::bigint[], $2::smallint[], $3::bigint[], $4::text[]) with ordinality as u(s, p, o, v, i)
         join triple t on t.subject_id = u.s and t.predicate_id = u.p
          and (t.object_id = u.o or (u.v is not null and md5(t.object_value) = md5(u.v) and t.object_value = u.v))`,
      [
        moving.map((m) => m.input.subject),
        moving.map((m) => predicates.get(m.input.predicate).id),
        moving.map((m) => ('node' in m.input.object ? m.input.object.node : null)),
        moving.map((m) => ('value' in m.input.object ? m.input.object.value : null)),
      ],
    );
    const had = new Map(existing.map((row) => [Number(row.i) - 1, row]));
    moving.forEach(({ fact }, i) => {
      const before = had.get(i);
      moved.push({
        ...fact,
        joined: before
          ? { existed: true, documents: before.documents, curations: before.curations }
          : { existed: false, documents: [], curations: [] },
      });
    });

    // The merged node goes, and its facts, sources and curations with it (drizzle/0018, 0023) ...
    await q.query('delete from related_talk_list where talk_id = $1', [node.id]);
    await q.query('delete from node where id = $1', [node.id]);
    // ... and come back on the survivor, with the same support.
    const { ids } = await assertTriples(
      q,
      predicates,
      null,
      moving.map((m) => m.input),
    );
    const sourceRows = moving.flatMap(({ fact }, i) =>
      fact.sources.map((s) => ({ ...s, triple: ids[i] as number })),
    );
    if (sourceRows.length > 0) {
      await q.query(
        `insert into triple_source (triple_id, document_id, span_start, span_end, confidence)
         select * from unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::real[])
         on conflict (triple_id, document_id) do update set confidence = greatest(triple_source.confidence, excluded.confidence)`,
        [
          sourceRows.map((s) => s.triple),
          sourceRows.map((s) => s.document),
          sourceRows.map((s) => s.start),
          sourceRows.map((s) => s.end),
          sourceRows.map((s) => s.confidence),
        ],
      );
    }
    const curationRows = moving.flatMap(({ fact }, i) =>
      fact.curations.map((c) => [ids[i] as number, c] as const),
    );
    if (curationRows.length > 0) {
      await q.query(
        `insert into triple_curation (triple_id, change_id) select * from unnest($1::bigint[], $2::bigint[])
         on conflict do nothing`,
        [curationRows.map(([t]) => t), curationRows.map(([, c]) => c)],
      );
    }
    // Retractions about the merged entity now hold for the survivor (duplicates of its own go).
    const retractions = await q.query<{ id: number }>(
      `with moved as (
         update retraction r set
           subject_id = case when r.subject_id = $1 then $2 else r.subject_id end,
           object_id = case when r.object_id = $1 then $2 else r.object_id end
          where (r.subject_id = $1 or r.object_id = $1)
            and not exists (select 1 from retraction o where o.id <> r.id
                             and o.subject_id = case when r.subject_id = $1 then $2 else r.subject_id end
                             and o.predicate_id = r.predicate_id
                             and (o.object_id = case when r.object_id = $1 then $2 else r.object_id end
                                  or md5(o.object_value) = md5(r.object_value)))
         returning r.id)
       select id from moved`,
      [node.id, intoId],
    );
    await q.query('delete from retraction where subject_id = $1 or object_id = $1', [node.id]);
    const redirected = await q.query<{ id: number }>(
      'update merged_entity set into_id = $2 where into_id = $1 returning id',
      [node.id, intoId],
    );
    await q.query(
      `insert into merged_entity (id, kind, slug, label, into_id, change_id) values ($1, $2, $3, $4, $5, $6)`,
      [node.id, node.kind, node.slug, node.label, intoId, changeId],
    );
    const [label] = await q.query<{ label: string }>(
      'delete from curated_label where node_id = $1 returning label',
      [node.id],
    );
    record.merged.push({
      node,
      facts: moved,
      alias: null,
      redirected: redirected.map((r) => r.id),
      retractions: retractions.map((r) => r.id),
      curatedLabel: label?.label ?? null,
    });
  }

  // The merged names become the survivor's aliases: search finds it by any of them.
  const aliases = await q.query<{ value: string }>(
    'select object_value as value from triple where subject_id = $1 and predicate_id = $2',
    [intoId, predicates.get('alias').id],
  );
  const known = new Set([fold(into.label), ...aliases.map((a) => fold(a.value))]);
  const newAliases: TripleInput[] = [];
  for (const entry of record.merged) {
    if (known.has(fold(entry.node.label))) continue;
    known.add(fold(entry.node.label));
    entry.alias = entry.node.label;
    newAliases.push({ subject: intoId, predicate: 'alias', object: { value: entry.node.label } });
  }
  await assertCuratedFacts(q, predicates, changeId, newAliases, { derived: false });
  await describeChange(q, changeId, {
    before: record,
    after: { into: intoId, aliases: newAliases.map((a) => (a.object as { value: string }).value) },
  });
  touched.delete(intoId);
  await refreshRelatedTo(q, predicates, into, fromIds);
  return { survivor: into, touched: [...touched] };
}

/**
 * Derived data after `survivor` and `others` were merged or split. Talks: their words and lists, and
 * the lists naming them (a merged talk's id is gone from the graph). Any other kind: only pairs of
 * talks that both point at one of them changed (shared speaker, topic, event), so the lists of those
 * talks, and no others, are out of date.
 */
async function refreshRelatedTo(
  q: Queryable,
  predicates: PredicateRegistry,
  survivor: NodeRow,
  others: readonly number[],
): Promise<void> {
  if (survivor.kind === 'talk') {
    await refreshDerived(q, predicates, [survivor.id, ...others]);
    await markRelatedTalkListsChanged(q, others);
    return;
  }
  const talks = await q.query<{ id: number }>(
    `select distinct t.subject_id as id from triple t join node n on n.id = t.subject_id and n.kind = 'talk'
      where t.object_id = any($1::bigint[])`,
    [[survivor.id, ...others]],
  );
  await markRelatedTalkListsChanged(
    q,
    talks.map((t) => t.id),
    { naming: false },
  );
}

/**
 * The entity to merge into, when it can be one (it exists, was not merged away itself, and is no
 * document); `row` when the caller already read it. Callers that report on the input ask this first.
 */
export async function mergeTarget(q: Queryable, intoId: number, row?: NodeRow): Promise<NodeRow> {
  const into =
    row ?? (await q.query<NodeRow>('select id, kind, slug, label from node where id = $1', [intoId]))[0];
  if (!into) throw await missing(q, intoId, 'the entity to merge into');
  if (into.kind === 'document') throw new TalkgraphError('BAD_USER_INPUT', 'documents cannot be merged');
  return into;
}

/** Why an id names nothing to merge: merged already (into which), or no such entity. */
async function missing(q: Queryable, id: number, what: string): Promise<TalkgraphError> {
  const [merged] = await q.query<{ label: string; into: string }>(
    `select m.label, n.label as into from merged_entity m join node n on n.id = m.into_id where m.id = $1`,
    [id],
  );
  return merged
    ? new TalkgraphError('BAD_USER_INPUT', `"${merged.label}" was merged into "${merged.into}" already`)
    : new TalkgraphError('NOT_FOUND', `${what} does not exist`);
}

export interface SplitOutcome {
  restored: NodeRow;
  survivor: NodeRow;
  touched: number[];
}

/**
 * Undoes the merge of `mergedId` on behalf of change `changeId`: the entity comes back with its id,
 * slug and label; each fact it brought comes back with those of its sources and curations the
 * survivor's fact still has (facts whose support went since stay gone), and the survivor keeps only
 * what it had before or gained since. Entities merged into it before are redirected to it again.
 */
export async function splitNode(
  q: Queryable,
  predicates: PredicateRegistry,
  changeId: number,
  mergedId: number,
): Promise<SplitOutcome> {
  const [merged] = await q.query<{ intoId: number; changeId: number }>(
    'select into_id as "intoId", change_id as "changeId" from merged_entity where id = $1 for update',
    [mergedId],
  );
  if (!merged) {
    const [node] = await q.query<{ label: string }>('select label from node where id = $1', [mergedId]);
    throw node
      ? new TalkgraphError('BAD_USER_INPUT', `"${node.label}" was not merged into anything`)
      : new TalkgraphError('NOT_FOUND', 'no merged entity has this id');
  }
  const [survivor] = await q.query<NodeRow>(
    'select id, kind, slug, label from node where id = $1 for update',
    [merged.intoId],
  );
  const [change] = await q.query<{ before: MergeRecord }>('select before from change where id = $1', [
    merged.changeId,
  ]);
  const entry = change?.before?.merged?.find((m) => m.node.id === mergedId);
  if (!survivor || !change || !entry) throw new Error(`the merge of ${mergedId} has no record to undo`);
  const recordedInto = change.before.into.id;
  // Facts recorded against the survivor at merge time; a later merge may have moved them on.
  const survivorId = (id: number | null) => (id === recordedInto ? survivor.id : id);
  const onSurvivor = (id: number | null) => (id === mergedId ? survivor.id : survivorId(id));

  const { node } = entry;
  await q.query('insert into node (id, kind, slug, label) overriding system value values ($1, $2, $3, $4)', [
    node.id,
    node.kind,
    node.slug,
    node.label,
  ]);
  const existingDocuments = new Set(
    (
      await q.query<{ id: number }>('select node_id as id from document where node_id = any($1::bigint[])', [
        [...new Set(entry.facts.flatMap((f) => f.sources.map((s) => s.document)))],
      ])
    ).map((row) => row.id),
  );
  const touched = new Set<number>([survivor.id]);
  // The survivor's facts as they are now: what of each merged fact's support they still have.
  const joined = entry.facts.filter((fact) => fact.joined !== null);
  const current = await q.query<{ i: number; id: number; documents: number[]; curations: number[] }>(
    `select u.i, t.id, array(select s.document_id from triple_source s where s.triple_id = t.id) as documents,
            array(select c.change_id from triple_curation c where c.triple_id = t.id) as curations
       from unnest($1::bigint[], $2::smallint[], $3::bigint[], $4::text[]) with ordinality as u(s, p, o, v, i)
       join triple t on t.subject_id = u.s and t.predicate_id = u.p
        and (t.object_id = u.o or (u.v is not null and md5(t.object_value) = md5(u.v) and t.object_value = u.v))`,
    [
      joined.map((f) => onSurvivor(f.subject)),
      joined.map((f) => f.predicateId),
      joined.map((f) => onSurvivor(f.objectId)),
      joined.map((f) => f.objectValue),
    ],
  );
  const now = new Map(current.map((row) => [joined[Number(row.i) - 1] as MovedFact, row]));
  const restored: { input: TripleInput; documents: SourceRecord[]; curations: number[] }[] = [];
  const sourcesBack: [number, number][] = []; // (survivor's triple, document) pairs to withdraw
  const curationsBack: [number, number][] = [];
  for (const fact of entry.facts) {
    let documents: SourceRecord[];
    let curations: number[];
    if (fact.joined === null) {
      documents = fact.sources.filter((s) => existingDocuments.has(s.document));
      curations = fact.curations;
    } else {
      const row = now.get(fact);
      if (!row) continue;
      documents = fact.sources.filter((s) => row.documents.includes(s.document));
      curations = fact.curations.filter((c) => row.curations.includes(c));
      for (const d of documents)
        if (!fact.joined.documents.includes(d.document)) sourcesBack.push([row.id, d.document]);
      for (const c of curations) if (!fact.joined.curations.includes(c)) curationsBack.push([row.id, c]);
    }
    if (documents.length === 0 && curations.length === 0) continue;
    const subject = survivorId(fact.subject) as number;
    const objectId = survivorId(fact.objectId);
    for (const id of [subject, objectId]) if (id !== null && id !== node.id) touched.add(id);
    restored.push({
      input: factInput(
        predicates,
        fact,
        subject,
        objectId,
        Math.max(...documents.map((d) => d.confidence), curations.length > 0 ? 1 : 0),
      ),
      documents,
      curations,
    });
  }
  await q.query(
    `delete from triple_source s using unnest($1::bigint[], $2::bigint[]) as u(t, d)
      where s.triple_id = u.t and s.document_id = u.d`,
    [sourcesBack.map(([t]) => t), sourcesBack.map(([, d]) => d)],
  );
  await q.query(
    `delete from triple_curation c using unnest($1::bigint[], $2::bigint[]) as u(t, c)
      where c.triple_id = u.t and c.change_id = u.c`,
    [curationsBack.map(([t]) => t), curationsBack.map(([, c]) => c)],
  );
  await dropUnsupported(q, [...new Set([...sourcesBack, ...curationsBack].map(([t]) => t))]);
  const { ids } = await assertTriples(
    q,
    predicates,
    null,
    restored.map((r) => r.input),
  );
  const sourceRows = restored.flatMap((r, i) => r.documents.map((d) => ({ ...d, triple: ids[i] as number })));
  await q.query(
    `insert into triple_source (triple_id, document_id, span_start, span_end, confidence)
     select * from unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::real[]) on conflict do nothing`,
    [
      sourceRows.map((r) => r.triple),
      sourceRows.map((r) => r.document),
      sourceRows.map((r) => r.start),
      sourceRows.map((r) => r.end),
      sourceRows.map((r) => r.confidence),
    ],
  );
  const curationRows = restored.flatMap((r, i) => r.curations.map((c) => [ids[i] as number, c] as const));
  await q.query(
    `insert into triple_curation (triple_id, change_id) select * from unnest($1::bigint[], $2::bigint[])
     on conflict do nothing`,
    [curationRows.map(([t]) => t), curationRows.map(([, c]) => c)],
  );
  // The alias the merge gave the survivor goes, unless something else supports it.
  if (entry.alias !== null) {
    const [alias] = await q.query<{ id: number }>(
      `select id from triple where subject_id = $1 and predicate_id = $2 and md5(object_value) = md5($3)
          and object_value = $3`,
      [survivor.id, predicates.get('alias').id, entry.alias],
    );
    if (alias) {
      await q.query('delete from triple_curation where triple_id = $1 and change_id = $2', [
        alias.id,
        merged.changeId,
      ]);
      await dropUnsupported(q, [alias.id]);
    }
  }
  await q.query(
    `update retraction set subject_id = case when subject_id = $2 then $1 else subject_id end,
                           object_id = case when object_id = $2 then $1 else object_id end
      where id = any($3::bigint[])`,
    [node.id, survivor.id, entry.retractions],
  );
  await q.query('delete from merged_entity where id = $1', [node.id]);
  await q.query('update merged_entity set into_id = $1 where id = any($2::bigint[]) and into_id = $3', [
    node.id,
    entry.redirected,
    survivor.id,
  ]);
  if (entry.curatedLabel !== null) {
    await q.query('insert into curated_label (node_id, label, change_id) values ($1, $2, $3)', [
      node.id,
      entry.curatedLabel,
      changeId,
    ]);
  }
  await describeChange(q, changeId, { before: { mergedInto: survivor.id, mergeChange: merged.changeId } });
  await refreshRelatedTo(q, predicates, survivor, [node.id]);
  return { restored: node, survivor, touched: [...touched] };
}

/** Deletes facts left with neither a source nor a curation; the others' confidence follows their sources. */
async function dropUnsupported(q: Queryable, tripleIds: readonly number[]): Promise<void> {
  if (tripleIds.length === 0) return;
  await q.query(
    `delete from triple t where t.id = any($1::bigint[])
       and not exists (select 1 from triple_source s where s.triple_id = t.id)
       and not exists (select 1 from triple_curation c where c.triple_id = t.id)`,
    [[...tripleIds]],
  );
  await q.query(
    `update triple t set confidence = s.confidence
       from (select triple_id, max(confidence) as confidence from triple_source
              where triple_id = any($1::bigint[]) group by triple_id) s
      where t.id = s.triple_id and t.confidence <> s.confidence`,
    [[...tripleIds]],
  );
}
