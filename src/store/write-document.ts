// Writes one document's facts: the document row, its nodes and triples with provenance, and the
// withdrawal of whatever an earlier version of the document said and this one no longer does.
// Callers run it inside a transaction, so a document is stored whole or not at all.
import { createHash } from 'node:crypto';
import type { Queryable } from './database.js';
import { type DocumentInput, findDocument, saveDocument } from './documents.js';
import type { Fact, FactNode } from './facts.js';
import { nodeKey, upsertNodes } from './nodes.js';
import type { PredicateRegistry } from './predicates.js';
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
  const resolved = await resolveSpeakersByHandle(q, predicates, facts);
  const nodes = new Map<string, FactNode>();
  for (const fact of resolved) {
    // The first mention of an entity decides its label.
    for (const n of 'node' in fact.object ? [fact.subject, fact.object.node] : [fact.subject]) {
      const key = nodeKey(n.kind, n.slug);
      if (!nodes.has(key)) nodes.set(key, n);
    }
  }
  const ids = await upsertNodes(q, [...nodes.values()]);
  const idOf = (n: FactNode) => ids.get(nodeKey(n.kind, n.slug)) as number;
  const triples: TripleInput[] = resolved.map((fact) => ({
    subject: idOf(fact.subject),
    predicate: fact.predicate,
    object: 'node' in fact.object ? { node: idOf(fact.object.node) } : fact.object,
    position: fact.position ?? null,
    qualifier: fact.qualifier ?? null,
    confidence: fact.confidence ?? 1,
    span: fact.span ?? null,
  }));
  const asserted = await assertTriples(q, predicates, documentId, triples);
  // A new document has nothing to withdraw.
  const retracted = existing
    ? await retractDocument(q, documentId, asserted.ids)
    : { removed: 0, touched: [] };
  const talks = new Set(retracted.touched);
  for (const [key, id] of ids) if (key.startsWith('talk/')) talks.add(id);
  await refreshTalkTerms(q, predicates, [...talks]);
  return {
    status: existing ? 'replaced' : 'added',
    documentId,
    added: asserted.added,
    removed: retracted.removed,
  };
}

/**
 * A handle is strong evidence of identity: a speaker whose handle is already known (from another
 * document, or earlier in this one) becomes that person, and the name used here becomes an alias.
 */
async function resolveSpeakersByHandle(
  q: Queryable,
  predicates: PredicateRegistry,
  facts: readonly Fact[],
): Promise<Fact[]> {
  const handleOf = new Map<string, string>(); // speaker slug → handle
  const speakerBySlug = new Map<string, FactNode>();
  for (const fact of facts) {
    if (fact.predicate === 'handle' && 'value' in fact.object && !handleOf.has(fact.subject.slug)) {
      handleOf.set(fact.subject.slug, fact.object.value);
      speakerBySlug.set(fact.subject.slug, fact.subject);
    }
  }
  if (handleOf.size === 0) return [...facts];
  const handles = [...new Set(handleOf.values())];
  const known = await q.query<{ handle: string; slug: string; label: string }>(
    `select t.object_value as handle, n.slug, n.label
       from triple t join node n on n.id = t.subject_id
      where t.predicate_id = $1 and md5(t.object_value) = any($2::text[]) and n.kind = 'speaker'
      order by n.id`,
    [predicates.get('handle').id, handles.map(md5)],
  );
  const personByHandle = new Map<string, FactNode>();
  for (const row of known) {
    if (!personByHandle.has(row.handle)) {
      personByHandle.set(row.handle, { kind: 'speaker', slug: row.slug, label: row.label });
    }
  }
  const replacement = new Map<string, FactNode>(); // speaker slug here → the person it is
  for (const [slug, handle] of handleOf) {
    const person = personByHandle.get(handle);
    if (person && person.slug !== slug) replacement.set(slug, person);
    else if (!person) personByHandle.set(handle, speakerBySlug.get(slug) as FactNode);
  }
  if (replacement.size === 0) return [...facts];
  const swap = (n: FactNode) => (n.kind === 'speaker' ? (replacement.get(n.slug) ?? n) : n);
  const result: Fact[] = [];
  const aliased = new Set<string>();
  for (const fact of facts) {
    const subject = swap(fact.subject);
    const object = 'node' in fact.object ? { node: swap(fact.object.node) } : fact.object;
    result.push({ ...fact, subject, object });
    for (const original of [fact.subject, 'node' in fact.object ? fact.object.node : null]) {
      const person = original && original.kind === 'speaker' ? replacement.get(original.slug) : undefined;
      if (original && person && !aliased.has(original.slug)) {
        aliased.add(original.slug);
        result.push({
          subject: person,
          predicate: 'alias',
          object: { value: original.label },
          span: fact.span,
        });
      }
    }
  }
  return result;
}
