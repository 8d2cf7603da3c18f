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

/**
 * How a listing's SQL names its inputs: `value` adds a parameter and returns its placeholder,
 * `predicate` gives a predicate's id as SQL. The conditions below are written once against it and
 * used both by the list functions here and by the API's compiled SQL (src/api/sql-compiler.ts).
 */
export interface ListingSql {
  value(value: unknown, type: string): string;
  predicate(name: string): string;
}

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

/**
 * Accent- and case-insensitive substring match on the label, or on a literal of `literal`; `text` is
 * the SQL of the searched text, already trimmed and lower-cased (filterText).
 */
function textMatch(sql: ListingSql, text: string, literal: string): string {
  const pattern = containsPatternSql(text);
  return `(unaccent(lower(n.label)) like ${pattern} or exists (select 1 from triple l where l.subject_id = n.id
           and l.predicate_id = ${sql.predicate(literal)} and unaccent(lower(l.object_value)) like ${pattern}))`;
}

/** A text filter as it is matched: trimmed and lower-cased; null when it has nothing to match. */
export const filterText = (text: string | null | undefined) =>
  text?.trim() ? text.trim().toLowerCase() : null;

/**
 * Each condition of a talk filter over the talk row `n`, given the SQL of its values (never null:
 * an absent value is no condition).
 */
export const talkConditions = {
  event: (sql: ListingSql, event: string) =>
    `exists (select 1 from triple f where f.subject_id = n.id and f.predicate_id = ${sql.predicate('presented_at')} and f.object_id = ${event})`,
  speaker: (sql: ListingSql, speaker: string) =>
    `exists (select 1 from triple f where f.subject_id = n.id and f.predicate_id = ${sql.predicate('has_speaker')} and f.object_id = ${speaker})`,
  anyTopic: (sql: ListingSql, topics: string) =>
    `exists (select 1 from triple f where f.subject_id = n.id and f.predicate_id = ${sql.predicate('has_topic')}
       and f.object_id = any(${topics}))`,
  allTopics: (sql: ListingSql, topics: string) =>
    `(select count(distinct f.object_id) from triple f where f.subject_id = n.id and f.predicate_id = ${sql.predicate('has_topic')}
       and f.object_id = any(${topics})) = cardinality(${topics})`,
  // A year that is not an integer (stored before literals were checked) matches no range rather
  // than failing the statement wherever the planner happens to read it.
  years: (sql: ListingSql, from: string, to: string) =>
    `exists (select 1 from triple e join triple y on y.subject_id = e.object_id and y.predicate_id = ${sql.predicate('year')}
      where e.subject_id = n.id and e.predicate_id = ${sql.predicate('presented_at')}
        and (case when y.object_value ~ '^-?[0-9]{1,9}$' then y.object_value::int end) between ${from} and ${to})`,
  text: (sql: ListingSql, text: string) => textMatch(sql, text, 'abstract'),
  formats: (sql: ListingSql, formats: string) =>
    `coalesce((select f.object_value from triple f where f.subject_id = n.id
        and f.predicate_id = ${sql.predicate('format')} order by f.id limit 1), 'talk') = any(${formats})`,
};

/** Years a `years` condition spans when only one end is given. */
export const openYears = { from: -1, to: 99_999 };

/** Each condition of a speaker filter over the speaker row `n`, as talkConditions. */
export const speakerConditions = {
  event: (sql: ListingSql, event: string) =>
    `exists (select 1 from triple s join triple e on e.subject_id = s.subject_id
        and e.predicate_id = ${sql.predicate('presented_at')} and e.object_id = ${event}
      where s.object_id = n.id and s.predicate_id = ${sql.predicate('has_speaker')})`,
  topic: (sql: ListingSql, topic: string) =>
    `exists (select 1 from triple s join triple e on e.subject_id = s.subject_id
        and e.predicate_id = ${sql.predicate('has_topic')} and e.object_id = ${topic}
      where s.object_id = n.id and s.predicate_id = ${sql.predicate('has_speaker')})`,
  organization: (sql: ListingSql, organization: string) =>
    `exists (select 1 from triple o where o.subject_id = n.id
        and o.predicate_id in (${sql.predicate('works_at')}, ${sql.predicate('contributes_to')})
        and o.object_id = ${organization})`,
  text: (sql: ListingSql, text: string) => textMatch(sql, text, 'alias'),
};

interface Built {
  where: string[];
  params: unknown[];
}

/** A ListingSql that numbers parameters $1, $2, … into `built`. */
function paramsInto(built: Built, predicates: PredicateRegistry): ListingSql {
  const value = (v: unknown, type: string) => {
    built.params.push(v);
    return `$${built.params.length}::${type}`;
  };
  return { value, predicate: (name) => value(predicates.get(name).id, 'smallint') };
}

function talkWhere(predicates: PredicateRegistry, filter: TalkFilter): Built {
  const built: Built = { where: [`n.kind = 'talk'`], params: [] };
  const sql = paramsInto(built, predicates);
  const c = talkConditions;
  if (filter.event != null) built.where.push(c.event(sql, sql.value(filter.event, 'bigint')));
  if (filter.speaker != null) built.where.push(c.speaker(sql, sql.value(filter.speaker, 'bigint')));
  if (filter.topics?.length) {
    const topics = sql.value(filter.topics, 'bigint[]');
    built.where.push(filter.allTopics ? c.allTopics(sql, topics) : c.anyTopic(sql, topics));
  }
  if (filter.yearFrom != null || filter.yearTo != null) {
    const from = sql.value(filter.yearFrom ?? openYears.from, 'int');
    built.where.push(c.years(sql, from, sql.value(filter.yearTo ?? openYears.to, 'int')));
  }
  const text = filterText(filter.text);
  if (text !== null) built.where.push(c.text(sql, sql.value(text, 'text')));
  if (filter.formats) built.where.push(c.formats(sql, sql.value(filter.formats, 'text[]')));
  return built;
}

function speakerWhere(predicates: PredicateRegistry, filter: SpeakerFilter): Built {
  const built: Built = { where: [`n.kind = 'speaker'`], params: [] };
  const sql = paramsInto(built, predicates);
  const c = speakerConditions;
  if (filter.event != null) built.where.push(c.event(sql, sql.value(filter.event, 'bigint')));
  if (filter.topic != null) built.where.push(c.topic(sql, sql.value(filter.topic, 'bigint')));
  if (filter.organization != null) {
    built.where.push(c.organization(sql, sql.value(filter.organization, 'bigint')));
  }
  const text = filterText(filter.text);
  if (text !== null) built.where.push(c.text(sql, sql.value(text, 'text')));
  return built;
}

/** Top-level lists page by node id: the page after `after`, one row more than asked. */
export const keyPageOrder = 'n.id';

async function keyPage(q: Queryable, built: Built, first: number, after: number | null): Promise<NodeRow[]> {
  const where = [...built.where];
  const params = [...built.params];
  if (after !== null) {
    params.push(after);
    where.push(`n.id > $${params.length}`);
  }
  params.push(first + 1);
  return q.query<NodeRow>(
    `select n.id, n.kind, n.slug, n.label from node n where ${where.join(' and ')} order by ${keyPageOrder} limit $${params.length}`,
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

/** Topics with how many talks carry them (`talks`), in each order topics(...) offers. */
export const topicOrders: Record<TopicOrder, string> = {
  NAME: 'lower(n.label), n.id',
  TALKS: 'talks desc, n.id',
};
// Each topic's talks read from edge_count (kept exact by triggers), not counted: counting joined
// every has_topic fact (45,000 at 10,000 talks) for a page of topics.
export const topicsWithTalks = (hasTopic: string) =>
  `select n.id, n.kind, n.slug, n.label, coalesce(c.facts, 0) as talks
     from node n left join edge_count c on c.object_id = n.id and c.predicate_id = ${hasTopic}
    where n.kind = 'topic'`;

/** Topics, most-used first or by name; offset paging (topics are few). */
export async function listTopics(
  q: Queryable,
  predicates: PredicateRegistry,
  order: TopicOrder,
  first: number,
  offset: number,
): Promise<{ rows: (NodeRow & { talks: number })[]; total: number }> {
  const rows = await q.query<NodeRow & { talks: number; total: number }>(
    `select n.*, count(*) over () as total from (${topicsWithTalks('$1')}) n
      order by ${topicOrders[order]} offset $2 limit $3`,
    [predicates.get('has_topic').id, offset, first + 1],
  );
  return { rows, total: rows[0]?.total ?? (offset === 0 ? 0 : await countKind(q, 'topic')) };
}

/** Events, most recent first: the FROM clause (over `n`) and the order. */
export const eventsByYear = (year: string) => ({
  from: `node n left join triple y on y.subject_id = n.id and y.predicate_id = ${year} where n.kind = 'event'`,
  order: 'y.object_value desc nulls last, lower(n.label), n.id',
});

export async function listEvents(
  q: Queryable,
  predicates: PredicateRegistry,
  first: number,
  offset: number,
): Promise<{ rows: NodeRow[]; total: number }> {
  const events = eventsByYear('$1');
  const rows = await q.query<NodeRow & { total: number }>(
    `select n.id, n.kind, n.slug, n.label, count(*) over () as total
       from ${events.from} order by ${events.order} offset $2 limit $3`,
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
