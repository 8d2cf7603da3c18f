// The benchmark's operations: GraphQL documents for the API, and for Q1–Q4 the hand-written single
// SQL statements that return the same data as JSON (the limit the API is compared with). Predicate
// ids are looked up by name inside the statements; the planner folds those lookups into constants.
import type { PredicateRegistry } from '../src/store/predicates.js';

export interface BenchContext {
  talkIds: number[];
  speakerIds: number[];
  topicIds: number[];
  words: string[];
}

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');
const at = <T>(list: T[], i: number) => list[i % list.length] as T;
const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

export const queries: Record<string, { body: (c: BenchContext, i: number) => string }> = {
  ceiling: { body: () => body('{ __typename }') },
  Q1: {
    body: (c, i) =>
      body(
        'query($id: ID!) { talk(id: $id) { title abstract event { name year } speakers { name } topics { confidence topic { name } } } }',
        { id: globalId('Talk', at(c.talkIds, i)) },
      ),
  },
  Q2: {
    body: (c, i) =>
      body(
        'query($id: ID!) { speaker(id: $id) { name talks { nodes { title topics { topic { name talks(first: 10) { nodes { title speakers { name } } } } } } } } }',
        { id: globalId('Speaker', at(c.speakerIds, i)) },
      ),
  },
  Q3: {
    body: (c, i) =>
      body(
        'query($id: ID!) { topic(id: $id) { name talks(first: 50) { nodes { title speakers { name } } } } }',
        {
          id: globalId('Topic', at(c.topicIds, i)),
        },
      ),
  },
  Q4: {
    body: (c, i) =>
      body(
        'query($id: ID!) { talk(id: $id) { relatedTalks(first: 10) { score talk { title } reasons { kind weight } } } }',
        {
          id: globalId('Talk', at(c.talkIds, i)),
        },
      ),
  },
  Q5: {
    body: (c, i) =>
      body('query($t: String!) { search(text: $t, first: 10) { score entity { label } } }', {
        t: at(c.words, i),
      }),
  },
  Q6: {
    body: (c, i) =>
      body('query($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4) { length } }', {
        from: globalId('Speaker', at(c.speakerIds, i)),
        to: globalId('Topic', at(c.topicIds, i * 7)),
      }),
  },
};

const pid = (name: string) => `(select id from predicate where name = '${name}')`;

/** Q1: a talk with its event, speakers and topics. */
const q1 = `select json_build_object(
  'title', n.label,
  'abstract', (select t.object_value from triple t where t.subject_id = n.id and t.predicate_id = ${pid('abstract')} limit 1),
  'event', (select json_build_object('name', e.label, 'year',
              (select y.object_value::int from triple y where y.subject_id = e.id and y.predicate_id = ${pid('year')} limit 1))
            from triple t join node e on e.id = t.object_id where t.subject_id = n.id and t.predicate_id = ${pid('presented_at')} limit 1),
  'speakers', (select coalesce(json_agg(json_build_object('name', s.label) order by t.position), '[]')
               from triple t join node s on s.id = t.object_id where t.subject_id = n.id and t.predicate_id = ${pid('has_speaker')}),
  'topics', (select coalesce(json_agg(json_build_object('confidence', t.confidence, 'topic', json_build_object('name', p.label))
                                      order by t.confidence desc), '[]')
             from triple t join node p on p.id = t.object_id where t.subject_id = n.id and t.predicate_id = ${pid('has_topic')})
) as data from node n where n.id = $1`;

/** Q2: a speaker's talks, their topics, each topic's 10 most confident talks, their speakers. */
const q2 = `select json_build_object('name', sp.label, 'talks', (
  select coalesce(json_agg(json_build_object('title', tk.label, 'topics', (
    select coalesce(json_agg(json_build_object('topic', json_build_object('name', tp.label, 'talks', (
      select coalesce(json_agg(json_build_object('title', t2.label, 'speakers', (
        select coalesce(json_agg(json_build_object('name', s2.label) order by x.position), '[]')
          from triple x join node s2 on s2.id = x.object_id where x.subject_id = t2.id and x.predicate_id = ${pid('has_speaker')}))
        order by o.rank), '[]')
      from (select tt.subject_id as id, row_number() over (order by tt.confidence desc nulls last, tt.subject_id) as rank
              from triple tt where tt.object_id = tp.id and tt.predicate_id = ${pid('has_topic')}
             order by tt.confidence desc nulls last, tt.subject_id limit 10) o join node t2 on t2.id = o.id)))), '[]')
      from triple a join node tp on tp.id = a.object_id where a.subject_id = tk.id and a.predicate_id = ${pid('has_topic')})
  ) order by tk.id), '[]')
  from (select h.subject_id as id from triple h where h.object_id = sp.id and h.predicate_id = ${pid('has_speaker')}
         order by h.subject_id limit 20) k join node tk on tk.id = k.id)
) as data from node sp where sp.id = $1`;

/** Q3: a topic's 50 most confident talks with their speakers. */
const q3 = `select json_build_object('name', tp.label, 'talks', (
  select coalesce(json_agg(json_build_object('title', tk.label, 'speakers', (
    select coalesce(json_agg(json_build_object('name', s.label) order by x.position), '[]')
      from triple x join node s on s.id = x.object_id where x.subject_id = tk.id and x.predicate_id = ${pid('has_speaker')}))
    order by o.confidence desc, o.id), '[]')
  from (select t.subject_id as id, t.confidence from triple t where t.object_id = tp.id and t.predicate_id = ${pid('has_topic')}
         order by t.confidence desc nulls last, t.subject_id limit 50) o join node tk on tk.id = o.id)
) as data from node tp where tp.id = $1`;

/**
 * Q4: the talk's stored related-talk list (src/store/related-talk-lists.ts), its first 10 entries
 * joined to their talks, folded into JSON: one read of the list by primary key. The same checks as
 * the API's lookup: the list is up to date and was computed at about the graph's current size.
 */
const q4 = `select coalesce(json_agg(json_build_object('score', l.scores[e.rank], 'talk', json_build_object('title', n.label),
    'reasons', l.reasons -> (e.rank::int - 1)) order by e.rank), '[]') as data
  from related_talk_list l
  cross join lateral unnest(l.related[1:$2]) with ordinality e(id, rank)
  join node n on n.id = e.id
 where l.talk_id = $1 and l.state = 0
   and abs(l.talks - (select talks from term_frequency where term = '')) <= 0.1 * (select talks from term_frequency where term = '')`;

export interface RawQuery {
  sql: string;
  params: (c: BenchContext, i: number) => unknown[];
  /** Session settings for the connections that run it. */
  settings?: Record<string, string>;
}

/**
 * Planned once per connection, as the API's statements are: a best effort gets the same advantage
 * (for related talks, planning costs as much as running the statement).
 */
const planOnce = { plan_cache_mode: 'force_generic_plan' };

/** `_predicates`: bench/run.ts passes them; since Q4 reads stored lists, no statement needs their ids. */
export function rawQueries(_predicates: PredicateRegistry): Record<string, RawQuery> {
  return {
    Q1: { sql: q1, params: (c, i) => [at(c.talkIds, i)], settings: planOnce },
    Q2: { sql: q2, params: (c, i) => [at(c.speakerIds, i)], settings: planOnce },
    Q3: { sql: q3, params: (c, i) => [at(c.topicIds, i)], settings: planOnce },
    Q4: { sql: q4, params: (c, i) => [at(c.talkIds, i), 10], settings: planOnce },
    // A statement that does nothing: what one round trip to Postgres costs on its own.
    floor: { sql: 'select $1::int as data', params: (_c, i) => [i] },
  };
}
