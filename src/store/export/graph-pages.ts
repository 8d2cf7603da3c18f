// What the web exporters (JSON-LD, iCalendar) read: the events asked for, talks in keyset pages,
// and every fact of a page of entities in one statement. Pages keep memory bounded by the page size,
// not by the graph.
import { TalkgraphError } from '../../errors.js';
import { type NodeRow, nodesBySlug } from '../nodes.js';
import type { Store } from '../store.js';

/** Talks read per statement (and entities per facts statement). */
export const exportPageSize = 200;

/** One stored fact about an entity: a literal value, or an object node. */
export interface EntityFact {
  predicate: string;
  value: string | null;
  object: NodeRow | null;
  position: number | null;
  qualifier: string | null;
}

/** An entity with its outgoing facts, in stored order (position, then when they were asserted). */
export interface Entity extends NodeRow {
  facts: EntityFact[];
}

/** The first literal of `predicate`, if any. */
export const literalOf = (entity: Entity, predicate: string): string | undefined =>
  entity.facts.find((f) => f.predicate === predicate && f.value !== null)?.value ?? undefined;

/** Every literal of `predicate`, in stored order. */
export const literalsOf = (entity: Entity, predicate: string): string[] =>
  entity.facts.filter((f) => f.predicate === predicate && f.value !== null).map((f) => f.value as string);

/** The object nodes of `predicate` with their facts' qualifiers, in stored order. */
export const objectsOf = (entity: Entity, predicate: string): { node: NodeRow; qualifier: string | null }[] =>
  entity.facts
    .filter((f) => f.predicate === predicate && f.object !== null)
    .map((f) => ({ node: f.object as NodeRow, qualifier: f.qualifier }));

/**
 * The events an export covers, a page at a time: the one named by `slug`, or every event when it is
 * null. An unknown slug is NOT_FOUND, before anything is yielded.
 */
export async function* eventPages(store: Store, slug: string | null): AsyncGenerator<NodeRow[]> {
  if (slug !== null) {
    // A slug merged into another event names the survivor, as it does in the API.
    const event = (await nodesBySlug(store.db, 'event', [slug])).get(slug);
    if (!event) throw new TalkgraphError('NOT_FOUND', `no event with slug "${slug}"`);
    yield [event];
    return;
  }
  let after = 0;
  for (;;) {
    const rows = await store.db.query<NodeRow>(
      `select id, kind, slug, label from node where kind = 'event' and id > $1 order by id limit $2`,
      [after, exportPageSize],
    );
    if (rows.length > 0) yield rows;
    if (rows.length < exportPageSize) return;
    after = (rows.at(-1) as NodeRow).id;
  }
}

// Talks without a position sort after the positioned ones.
const unpositioned = 2147483647;

/** An event's talks in the event's order (position, then id), a page at a time. */
export async function* eventTalkPages(store: Store, eventId: number): AsyncGenerator<NodeRow[]> {
  const presentedAt = store.predicates.get('presented_at').id;
  let after: [number, number] = [-unpositioned - 1, 0];
  for (;;) {
    const rows = await store.db.query<NodeRow & { rank: number }>(
      `select n.id, n.kind, n.slug, n.label, coalesce(t.position, ${unpositioned}) as rank
         from triple t join node n on n.id = t.subject_id
        where t.object_id = $1 and t.predicate_id = $2 and n.kind = 'talk'
          and (coalesce(t.position, ${unpositioned}), n.id) > ($3::int, $4::bigint)
        order by rank, n.id limit $5`,
      [eventId, presentedAt, after[0], after[1], exportPageSize],
    );
    if (rows.length > 0) yield rows.map(({ rank: _, ...row }) => row);
    if (rows.length < exportPageSize) return;
    const last = rows.at(-1) as NodeRow & { rank: number };
    after = [last.rank, last.id];
  }
}

/** Talks a page at a time by id: every talk, or (`withoutEvent`) those presented at no event. */
export async function* talkPages(
  store: Store,
  options: { withoutEvent: boolean },
): AsyncGenerator<NodeRow[]> {
  const presentedAt = store.predicates.get('presented_at').id;
  const condition = options.withoutEvent
    ? `and not exists (select 1 from triple t where t.subject_id = n.id and t.predicate_id = ${presentedAt})`
    : '';
  let after = 0;
  for (;;) {
    const rows = await store.db.query<NodeRow>(
      `select n.id, n.kind, n.slug, n.label from node n
        where n.kind = 'talk' and n.id > $1 ${condition} order by n.id limit $2`,
      [after, exportPageSize],
    );
    if (rows.length > 0) yield rows;
    if (rows.length < exportPageSize) return;
    after = (rows.at(-1) as NodeRow).id;
  }
}

/** The nodes with these ids, in id order. */
export async function loadNodeRows(store: Store, ids: readonly number[]): Promise<NodeRow[]> {
  if (ids.length === 0) return [];
  return store.db.query<NodeRow>(
    'select id, kind, slug, label from node where id = any($1::bigint[]) order by id',
    [ids],
  );
}

interface FactRow {
  subjectId: number;
  predicateId: number;
  value: string | null;
  position: number | null;
  qualifier: string | null;
  objectId: number | null;
  objectKind: string | null;
  objectSlug: string | null;
  objectLabel: string | null;
}

/** The nodes with their outgoing facts, in the order given: one statement per call. */
export async function loadEntities(store: Store, nodes: readonly NodeRow[]): Promise<Entity[]> {
  if (nodes.length === 0) return [];
  const rows = await store.db.query<FactRow>(
    `select t.subject_id as "subjectId", t.predicate_id as "predicateId", t.object_value as value,
            t.position, t.qualifier, o.id as "objectId", o.kind as "objectKind", o.slug as "objectSlug",
            o.label as "objectLabel"
       from triple t left join node o on o.id = t.object_id
      where t.subject_id = any($1::bigint[])
      order by t.subject_id, t.predicate_id, t.position nulls last, t.id`,
    [nodes.map((node) => node.id)],
  );
  const facts = new Map<number, EntityFact[]>();
  for (const row of rows) {
    let list = facts.get(row.subjectId);
    if (!list) {
      list = [];
      facts.set(row.subjectId, list);
    }
    list.push({
      predicate: store.predicates.byIdOrThrow(row.predicateId).name,
      value: row.value,
      object:
        row.objectId === null
          ? null
          : {
              id: row.objectId,
              kind: row.objectKind as string,
              slug: row.objectSlug as string,
              label: row.objectLabel as string,
            },
      position: row.position,
      qualifier: row.qualifier,
    });
  }
  return nodes.map((node) => ({ ...node, facts: facts.get(node.id) ?? [] }));
}

/**
 * When each node's facts last changed: the latest ingest of a document stating one of them, else
 * when the node was created (facts asserted without a document).
 */
export async function lastChanged(store: Store, ids: readonly number[]): Promise<Map<number, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await store.db.query<{ id: number; changed: Date | string }>(
    `select n.id, coalesce(max(d.ingested_at), n.created_at) as changed
       from node n
       left join triple t on t.subject_id = n.id
       left join triple_source s on s.triple_id = t.id
       left join document d on d.node_id = s.document_id
      where n.id = any($1::bigint[])
      group by n.id, n.created_at`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, new Date(row.changed)]));
}
