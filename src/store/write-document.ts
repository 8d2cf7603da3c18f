// Writes one document's facts: the document row, its nodes and triples with provenance, and the
// withdrawal of whatever an earlier version of the document said and this one no longer does.
// Callers run it inside a transaction, so a document is stored whole or not at all.
import { createHash } from 'node:crypto';
import { curatedLabelIds, retractedIndexes, survivorsOf } from './curation.js';
import type { Queryable } from './database.js';
import { type DocumentInput, findDocument, saveDocument } from './documents.js';
import type { Fact, FactNode } from './facts.js';
import { nodeKey, upsertNodes } from './nodes.js';
import type { PredicateRegistry } from './predicates.js';
import { markRelatedTalkListsChanged } from './related-talk-lists.js';
import { refreshTalkTerms } from './talk-terms.js';
import { assertTriples, retractDocument, type TripleInput } from './triples.js';

export interface WriteResult {
  status: 'added' | 'replaced' | 'unchanged';
  documentId: number;
  /** Facts that did not exist before. */
  added: number;
  /** Facts deleted because no document supports them any more. */
  removed: number;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

export async function writeDocument(
  q: Queryable,
  predicates: PredicateRegistry,
  document: DocumentInput,
  facts: readonly Fact[],
): Promise<WriteResult> {
  // Two writers of the same document (two processes, say) take turns, so both see a consistent state.
  await q.query('select pg_advisory_xact_lock(hashtextextended($1, 7411))', [
    `talkgraph:document:${document.name}`,
  ]);
  const existing = await findDocument(q, document.name);
  if (existing && existing.sha256 === document.sha256) {
    return { status: 'unchanged', documentId: existing.id, added: 0, removed: 0 };
  }
  const documentId = await saveDocument(q, document, existing);
  const known = await resolveKnownEntities(q, predicates, facts);
  // The curation layer comes first (docs/curation.md): an entity merged into another is the survivor.
  const { facts: resolved, retitled } = await speakOfSurvivors(q, known.facts, known.retitled);
  const nodes = new Map<string, FactNode>();
  for (const fact of resolved) {
    // The first mention of an entity decides its label.
    for (const n of 'node' in fact.object ? [fact.subject, fact.object.node] : [fact.subject]) {
      const key = nodeKey(n.kind, n.slug);
      if (!nodes.has(key)) nodes.set(key, n);
    }
  }
  const ids = await upsertNodes(q, [...nodes.values()]);
  // A label a curator chose stays whatever the document now calls the talk.
  const chosen = await curatedLabelIds(
    q,
    retitled.map((n) => ids.get(nodeKey(n.kind, n.slug)) as number),
  );
  for (const talk of retitled) {
    if (chosen.has(ids.get(nodeKey(talk.kind, talk.slug)) as number)) continue;
    await q.query('update node set label = $3 where kind = $1 and slug = $2 and label <> $3', [
      talk.kind,
      talk.slug,
      talk.label,
    ]);
  }
  const idOf = (n: FactNode) => ids.get(nodeKey(n.kind, n.slug)) as number;
  const stated: TripleInput[] = resolved.map((fact) => ({
    subject: idOf(fact.subject),
    predicate: fact.predicate,
    object: 'node' in fact.object ? { node: idOf(fact.object.node) } : fact.object,
    position: fact.position ?? null,
    qualifier: fact.qualifier ?? null,
    confidence: fact.confidence ?? 1,
    span: fact.span ?? null,
  }));
  // Facts a curator retracted stay out, whatever the document says.
  const retractedByCurator = await retractedIndexes(q, predicates, stated);
  const triples =
    retractedByCurator.size === 0 ? stated : stated.filter((_, i) => !retractedByCurator.has(i));
  const asserted = await assertTriples(q, predicates, documentId, triples);
  // A new document has nothing to withdraw.
  const retracted = existing
    ? await retractDocument(q, documentId, asserted.ids)
    : { removed: 0, touched: [] };
  const talks = new Set(retracted.touched);
  for (const [key, id] of ids) if (key.startsWith('talk/')) talks.add(id);
  await refreshTalkTerms(q, predicates, [...talks]);
  await markRelatedTalkListsChanged(q, [...talks]);
  return {
    status: existing ? 'replaced' : 'added',
    documentId,
    added: asserted.added,
    removed: retracted.removed,
  };
}

/** Replaces entities merged into others (src/store/merge.ts) with their survivors. */
async function speakOfSurvivors(
  q: Queryable,
  facts: Fact[],
  retitled: FactNode[],
): Promise<{ facts: Fact[]; retitled: FactNode[] }> {
  const nodes = new Map<string, FactNode>();
  for (const fact of facts)
    for (const n of 'node' in fact.object ? [fact.subject, fact.object.node] : [fact.subject])
      nodes.set(nodeKey(n.kind, n.slug), n);
  const survivors = await survivorsOf(q, [...nodes.values()]);
  if (survivors.size === 0) return { facts, retitled };
  const swap = (n: FactNode) => survivors.get(nodeKey(n.kind, n.slug)) ?? n;
  return {
    facts: facts.map((fact) => ({
      ...fact,
      subject: swap(fact.subject),
      object: 'node' in fact.object ? { node: swap(fact.object.node) } : fact.object,
    })),
    // A merged talk's new title does not retitle its survivor.
    retitled: retitled.filter((n) => !survivors.has(nodeKey(n.kind, n.slug))),
  };
}

/**
 * Evidence of identity that outranks a name: a speaker whose handle or GUID is already known (from
 * another document, or earlier in this one) becomes that person, the name used here an alias; a
 * talk whose conference tool id is known at the same event is that talk, retitled to its latest
 * title, so an updated export updates its talks instead of adding renamed copies.
 */
async function resolveKnownEntities(
  q: Queryable,
  predicates: PredicateRegistry,
  facts: readonly Fact[],
): Promise<{ facts: Fact[]; retitled: FactNode[] }> {
  const eventOf = new Map<string, string>(); // talk slug → event slug
  for (const fact of facts)
    if (fact.predicate === 'presented_at' && 'node' in fact.object)
      eventOf.set(fact.subject.slug, fact.object.node.slug);
  // Each node's identity keys: "handle:x" and "identifier:x" for speakers, "identifier:x@event" for talks.
  const keysOf = new Map<string, { node: FactNode; keys: string[] }>();
  const values = new Set<string>();
  for (const fact of facts) {
    if (!('value' in fact.object) || (fact.predicate !== 'handle' && fact.predicate !== 'identifier'))
      continue;
    const { kind, slug } = fact.subject;
    const scope = kind === 'talk' ? eventOf.get(slug) : kind === 'speaker' ? '' : undefined;
    if (scope === undefined) continue;
    const key = `${kind}|${fact.predicate}:${fact.object.value}${scope ? `@${scope}` : ''}`;
    const entry = keysOf.get(nodeKey(kind, slug)) ?? { node: fact.subject, keys: [] };
    entry.keys.push(key);
    keysOf.set(nodeKey(kind, slug), entry);
    values.add(fact.object.value);
  }
  if (keysOf.size === 0) return { facts: [...facts], retitled: [] };
  const known = await q.query<{
    predicate: string;
    value: string;
    kind: string;
    slug: string;
    label: string;
    event: string | null;
  }>(
    `select p.name as predicate, t.object_value as value, n.kind, n.slug, n.label,
            (select e.slug from triple pa join node e on e.id = pa.object_id
              where pa.subject_id = n.id and pa.predicate_id = $3 order by pa.id limit 1) as event
       from triple t join node n on n.id = t.subject_id join predicate p on p.id = t.predicate_id
      where t.predicate_id = any($1::smallint[]) and md5(t.object_value) = any($2::text[])
        and n.kind in ('speaker', 'talk')
      order by n.id`,
    [
      [predicates.get('handle').id, predicates.get('identifier').id],
      [...values].map(md5),
      predicates.get('presented_at').id,
    ],
  );
  const owner = new Map<string, FactNode>(); // identity key → the node that has it
  for (const row of known) {
    const scope = row.kind === 'talk' ? (row.event ? `@${row.event}` : null) : '';
    const key = scope === null ? null : `${row.kind}|${row.predicate}:${row.value}${scope}`;
    if (key && !owner.has(key)) owner.set(key, { kind: row.kind, slug: row.slug, label: row.label });
  }
  const replacement = new Map<string, FactNode>(); // node key here → the entity it is
  for (const [here, { node, keys }] of keysOf) {
    const found = keys.map((k) => owner.get(k)).find((n) => n !== undefined);
    if (found && found.slug !== node.slug) replacement.set(here, found);
    else if (!found) for (const k of keys) owner.set(k, node);
  }
  if (replacement.size === 0) return { facts: [...facts], retitled: [] };
  const swap = (n: FactNode) => replacement.get(nodeKey(n.kind, n.slug)) ?? n;
  const result: Fact[] = [];
  const renamed = new Map<string, FactNode>();
  for (const fact of facts) {
    const subject = swap(fact.subject);
    const object = 'node' in fact.object ? { node: swap(fact.object.node) } : fact.object;
    result.push({ ...fact, subject, object });
    for (const original of [fact.subject, 'node' in fact.object ? fact.object.node : null]) {
      const entity = original ? replacement.get(nodeKey(original.kind, original.slug)) : undefined;
      if (!original || !entity || renamed.has(nodeKey(original.kind, original.slug))) continue;
      renamed.set(nodeKey(original.kind, original.slug), { ...entity, label: original.label });
      if (entity.kind === 'speaker')
        result.push({
          subject: entity,
          predicate: 'alias',
          object: { value: original.label },
          span: fact.span,
        });
    }
  }
  const retitled = [...renamed.values()].filter((n) => n.kind === 'talk');
  return { facts: result, retitled };
}
