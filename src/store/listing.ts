// Top-level lists with filters: talks, speakers, topics, events. Each page is one statement; the
// total is a second one, issued only when a client asks for totalCount.
import type { Queryable } from './database.js';
import type { NodeRow } from './nodes.js';
import type { PredicateRegistry } from './predicates.js';

export interface TalkFilter {
  event?: number | null;
  speaker?: number | null;
  topics?: number[] | null;
  /** true: every topic; false: any of them. */
  allTopics?: boolean;
  yearFrom?: number | null;
  yearTo?: number | null;
  text?: string | null;
  /** Talk formats (talk, keynote, …); a talk stored without one is a talk. */
  formats?: readonly string[] | null;
}

export interface SpeakerFilter {
  event?: number | null;
  topic?: number | null;
  organization?: number | null;
  text?: string | null;
}

interface Built {
  where: string[];
  params: unknown[];
}

const param = (built: Built, value: unknown) => {
  built.params.push(value);
  return `$${built.params.length}`;
};

/**
 * SQL for a LIKE pattern matching the text `value` (an expression) anywhere, accents folded, with
 * LIKE's own characters (`%`, `_` and its escape character, backslash) matched as themselves. The
 * escaping follows unaccent(), which folds some characters into them (fullwidth ％ and ＿, ∖). Every
 * LIKE built from user text goes through it.
 */
function containsPatternSql(value: string): string {
  const folded = `unaccent(${value})`;
  return `'%' || replace(replace(replace(${folded}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
}

/** Accent- and case-insensitive substring match on the label (and on a literal, when given). */
function textClause(built: Built, text: string, alsoLiteral?: number): string {
  const pattern = containsPatternSql(param(built, text.trim().toLowerCase()));
  const label = `unaccent(lower(n.label)) like ${pattern}`;
  if (alsoLiteral === undefined) return label;
  const p = param(built, alsoLiteral);
  return `(${label} or exists (select 1 from triple l where l.subject_id = n.id and l.predicate_id = ${p}
           and unaccent(lower(l.object_value)) like ${pattern}))`;
}

function talkWhere(predicates: PredicateRegistry, filter: TalkFilter): Built {
  const built: Built = { where: [`n.kind = 'talk'`], params: [] };
  const edge = (predicate: string, object: string) =>
    `exists (select 1 from triple f where f.subject_id = n.id and f.predicate_id = ${param(built, predicates.get(predicate).id)} and f.object_id = ${object})`;
  if (filter.event != null) built.where.push(edge('presented_at', param(built, filter.event)));
  if (filter.speaker != null) built.where.push(edge('has_speaker', param(built, filter.speaker)));
  if (filter.topics?.length) {
    const topics = param(built, filter.topics);
    const hasTopic = param(built, predicates.get('has_topic').id);
    built.where.push(
      filter.allTopics
        ? `(select count(distinct f.object_id) from triple f where f.subject_id = n.id and f.predicate_id = ${hasTopic}
             and f.object_id = any(${topics}::bigint[])) = cardinality(${topics}::bigint[])`
        : `exists (select 1 from triple f where f.subject_id = n.id and f.predicate_id = ${hasTopic}
             and f.object_id = any(${topics}::bigint[]))`,
    );
  }
  if (filter.yearFrom != null || filter.yearTo != null) {
    const from = param(built, filter.yearFrom ?? -1);
    const to = param(built, filter.yearTo ?? 99999);
    built.where.push(`exists (select 1 from triple e join triple y on y.subject_id = e.object_id
        and y.predicate_id = ${param(built, predicates.get('year').id)}
      where e.subject_id = n.id and e.predicate_id = ${param(built, predicates.get('presented_at').id)}
        and y.object_value::int between ${from} and ${to})`);
  }
  if (filter.text?.trim()) built.where.push(textClause(built, filter.text, predicates.get('abstract').id));
  if (filter.formats) {
    built.where.push(`coalesce((select f.object_value from triple f where f.subject_id = n.id
        and f.predicate_id = ${param(built, predicates.get('format').id)} order by f.id limit 1), 'talk')
      = any(${param(built, filter.formats)}::text[])`);
  }
  return built;
}

function speakerWhere(predicates: PredicateRegistry, filter: SpeakerFilter): Built {
  const built: Built = { where: [`n.kind = 'speaker'`], params: [] };
  const hasSpeaker = () => param(built, predicates.get('has_speaker').id);
  if (filter.event != null) {
    built.where.push(`exists (select 1 from triple s join triple e on e.subject_id = s.subject_id
        and e.predicate_id = ${param(built, predicates.get('presented_at').id)} and e.object_id = ${param(built, filter.event)}
      where s.object_id = n.id and s.predicate_id = ${hasSpeaker()})`);
  }
  if (filter.topic != null) {
    built.where.push(`exists (select 1 from triple s join triple e on e.subject_id = s.subject_id
        and e.predicate_id = ${param(built, predicates.get('has_topic').id)} and e.object_id = ${param(built, filter.topic)}
      where s.object_id = n.id and s.predicate_id = ${hasSpeaker()})`);
  }
  if (filter.organization != null) {
    built.where.push(`exists (select 1 from triple o where o.subject_id = n.id
        and o.predicate_id = any(${param(built, [predicates.get('works_at').id, predicates.get('contributes_to').id])}::smallint[])
        and o.object_id = ${param(built, filter.organization)})`);
  }
  if (filter.text?.trim()) built.where.push(textClause(built, filter.text, predicates.get('alias').id));
  return built;
}

async function keyPage(q: Queryable, built: Built, first: number, after: number | null): Promise<NodeRow[]> {
  const where = [...built.where];
  const params = [...built.params];
  if (after !== null) {
    params.push(after);
    where.push(`n.id > $${params.length}`);
  }
  params.push(first + 1);
  return q.query<NodeRow>(
    `select n.id, n.kind, n.slug, n.label from node n where ${where.join(' and ')} order by n.id limit $${params.length}`,
    params,
  );
}

async function count(q: Queryable, built: Built): Promise<number> {
  const [row] = await q.query<{ count: number }>(
    `select count(*) as count from node n where ${built.where.join(' and ')}`,
    built.params,
  );
  return row?.count ?? 0;
}

export function listTalks(q: Queryable, predicates: PredicateRegistry, filter: TalkFilter) {
  const built = talkWhere(predicates, filter);
  return {
    page: (first: number, after: number | null) => keyPage(q, built, first, after),
    count: () => count(q, built),
  };
}

export function listSpeakers(q: Queryable, predicates: PredicateRegistry, filter: SpeakerFilter) {
  const built = speakerWhere(predicates, filter);
  return {
    page: (first: number, after: number | null) => keyPage(q, built, first, after),
    count: () => count(q, built),
  };
}

export type TopicOrder = 'TALKS' | 'NAME';

/** Topics with how many talks carry them, most-used first or by name; offset paging (topics are few). */
export async function listTopics(
  q: Queryable,
  predicates: PredicateRegistry,
  order: TopicOrder,
  first: number,
  offset: number,
): Promise<{ rows: (NodeRow & { talks: number })[]; total: number }> {
  const orderBy = order === 'NAME' ? 'lower(n.label), n.id' : 'talks desc, n.id';
  const rows = await q.query<NodeRow & { talks: number; total: number }>(
    `select n.id, n.kind, n.slug, n.label, count(t.id) as talks, count(*) over () as total
       from node n left join triple t on t.object_id = n.id and t.predicate_id = $1
      where n.kind = 'topic' group by n.id order by ${orderBy} offset $2 limit $3`,
    [predicates.get('has_topic').id, offset, first + 1],
  );
  return { rows, total: rows[0]?.total ?? (offset === 0 ? 0 : await countKind(q, 'topic')) };
}

/** Events, most recent first. */
export async function listEvents(
  q: Queryable,
  predicates: PredicateRegistry,
  first: number,
  offset: number,
): Promise<{ rows: NodeRow[]; total: number }> {
  const rows = await q.query<NodeRow & { total: number }>(
    `select n.id, n.kind, n.slug, n.label, count(*) over () as total
       from node n left join triple y on y.subject_id = n.id and y.predicate_id = $1
      where n.kind = 'event' order by y.object_value desc nulls last, lower(n.label), n.id offset $2 limit $3`,
    [predicates.get('year').id, offset, first + 1],
  );
  return { rows, total: rows[0]?.total ?? (offset === 0 ? 0 : await countKind(q, 'event')) };
}

async function countKind(q: Queryable, kind: string): Promise<number> {
  const [row] = await q.query<{ count: number }>('select count(*) as count from node where kind = $1', [
    kind,
  ]);
  return row?.count ?? 0;
}
