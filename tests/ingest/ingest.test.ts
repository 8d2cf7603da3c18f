import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeDocument, type SourceDocument } from '../../src/ingest/document-source.js';
import { extractSource } from '../../src/ingest/extract.js';
import { storeExtraction } from '../../src/ingest/ingest.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore, resetGraph } from '../support/databases.js';
import { readSeed, sharedAvailable } from '../support/seeds.js';

const source = (name: string, text: string): SourceDocument =>
  decodeDocument(name, new TextEncoder().encode(text));

describe.each(backends)('ingesting documents on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
  });
  afterAll(() => dispose?.());
  beforeEach(() => resetGraph(store.db));

  const ingest = (doc: SourceDocument) =>
    store.db.transaction((tx) => storeExtraction(tx, store.predicates, doc, extractSource(doc, {})));
  const ingestSeeds = async () => {
    for (const prefix of ['000', '001']) {
      const seed = readSeed(prefix);
      await ingest(source(seed.name, seed.text));
    }
  };
  const count = async (sql: string, params: unknown[] = []) =>
    ((await store.db.query<{ n: number }>(sql, params))[0]?.n ?? 0) as number;
  const objectsOf = (subjectKind: string, subjectSlug: string, predicate: string) =>
    store.db.query<{ kind: string; slug: string; label: string; qualifier: string | null }>(
      `select o.kind, o.slug, o.label, t.qualifier from triple t join node s on s.id = t.subject_id
         join node o on o.id = t.object_id join predicate p on p.id = t.predicate_id
        where s.kind = $1 and s.slug = $2 and p.name = $3 order by t.position nulls last, o.slug`,
      [subjectKind, subjectSlug, predicate],
    );
  const literalsOf = async (kind: string, slug: string, predicate: string) =>
    (
      await store.db.query<{ value: string }>(
        `select t.object_value as value from triple t join node s on s.id = t.subject_id
           join predicate p on p.id = t.predicate_id where s.kind = $1 and s.slug = $2 and p.name = $3`,
        [kind, slug, predicate],
      )
    ).map((r) => r.value);

  it.runIf(sharedAvailable)('the seeds make 24 talks in 2 events and 26 distinct speakers', async () => {
    await ingestSeeds();
    expect(await count(`select count(*) as n from node where kind = 'talk'`)).toBe(24);
    expect(await count(`select count(*) as n from node where kind = 'event'`)).toBe(2);
    expect(await count(`select count(*) as n from node where kind = 'speaker'`)).toBe(26);
    const perEvent = await store.db.query<{ slug: string; talks: number }>(
      `select e.slug, count(*) as talks from triple t join node e on e.id = t.object_id
        where t.predicate_id = (select id from predicate where name = 'presented_at') group by e.slug order by e.slug`,
    );
    expect(perEvent).toEqual([
      { slug: 'go-systems-conf-2020', talks: 17 },
      { slug: 'gopherfest-summer-2016', talks: 7 },
    ]);
    expect(await literalsOf('event', 'gopherfest-summer-2016', 'venue')).toEqual(['Bently Reserve']);
    expect(await literalsOf('event', 'go-systems-conf-2020', 'city')).toEqual(['San Francisco']);
  });

  it.runIf(sharedAvailable)(
    'a speaker in a talk and in the group Q&A is one node with two talks',
    async () => {
      await ingestSeeds();
      for (const slug of [
        'emmanuel-odeke',
        'manish-jain',
        'daniel-lemire',
        'nick-cabatoff',
        'vicki-niu',
        'veronica-lopez',
      ]) {
        const talks = await count(
          `select count(*) as n from triple t join node s on s.id = t.object_id
          where s.kind = 'speaker' and s.slug = $1 and t.predicate_id = (select id from predicate where name = 'has_speaker')`,
          [slug],
        );
        expect(talks, slug).toBe(2);
      }
    },
  );

  it.runIf(sharedAvailable)(
    'keeps names as written with ASCII slugs, nicknames as aliases, handles on their speakers',
    async () => {
      await ingestSeeds();
      const [lopez] = await store.db.query<{ label: string }>(
        `select label from node where kind = 'speaker' and slug = 'veronica-lopez'`,
      );
      expect(lopez?.label).toBe('Verónica López');
      expect(await literalsOf('speaker', 'raphael-poss', 'alias')).toEqual(['kena']);
      const handles = await store.db.query<{ slug: string; handle: string }>(
        `select s.slug, t.object_value as handle from triple t join node s on s.id = t.subject_id
        where t.predicate_id = (select id from predicate where name = 'handle') order by s.slug`,
      );
      expect(handles).toEqual([
        { slug: 'barak-michener', handle: 'barakmich' },
        { slug: 'blake-mizerany', handle: 'bmizerany' },
        { slug: 'daniel-whitenack', handle: 'dwhitena' },
        { slug: 'david-calavera', handle: 'calavera' },
        { slug: 'faiq-raza', handle: 'faiqus' },
        { slug: 'mike-flynn', handle: 'thatmikeflynn' },
        { slug: 'peter-sanford', handle: 'psanford' },
      ]);
    },
  );

  it.runIf(sharedAvailable)(
    'links speakers to their organizations, contribution apart from employment',
    async () => {
      await ingestSeeds();
      const orgs = async (slug: string, predicate = 'works_at') =>
        (await objectsOf('speaker', slug, predicate)).map((o) => o.label);
      expect(await orgs('peter-sanford')).toEqual(['RetailNext']);
      expect(await orgs('muir-manders')).toEqual(['RetailNext']);
      expect(await orgs('barak-michener')).toEqual(['CoreOS']);
      expect(await orgs('david-calavera')).toEqual(['Netlify']);
      expect(await orgs('david-calavera', 'contributes_to')).toEqual(['Docker']);
      expect(await orgs('faiq-raza')).toEqual(['Wercker']);
      expect(await orgs('blake-mizerany')).toEqual([]);
      expect((await objectsOf('speaker', 'barak-michener', 'works_at'))[0]?.qualifier).toBe('engineer');
    },
  );

  it.runIf(sharedAvailable)('records where every fact came from', async () => {
    await ingestSeeds();
    expect(
      await count(
        'select count(*) as n from triple t where not exists (select 1 from triple_source s where s.triple_id = t.id)',
      ),
    ).toBe(0);
    const [span] = await store.db.query<{ start: number; end: number }>(
      `select s.span_start as start, s.span_end as "end" from triple_source s join triple t on t.id = s.triple_id
         join node o on o.id = t.object_id join predicate p on p.id = t.predicate_id
         where o.slug = 'coreos' and p.name = 'works_at'`,
    );
    const recap = readSeed('001').text;
    expect(recap.slice(span?.start, span?.end)).toMatch(/engineer at CoreOS/);
  });

  it.runIf(sharedAvailable)('re-ingesting an unchanged document changes nothing and says so', async () => {
    const seed = readSeed('000');
    const first = await ingest(source(seed.name, seed.text));
    expect(first.status).toBe('added');
    const before = await count('select count(*) as n from triple');
    const again = await ingest(source(seed.name, seed.text));
    expect(again).toMatchObject({ status: 'unchanged', added: 0, removed: 0 });
    expect(await count('select count(*) as n from triple')).toBe(before);
  });

  it('stores a talk without a value no calendar has (30 February), and the other talks whole', async () => {
    const sessions = [
      { title: 'Leases and Fencing Tokens', speaker: 'Ada Quint', start: '2024-02-30T09:00' },
      { title: 'Clocks You Can Trust', speaker: 'Brian Stone', start: '2024-02-29T10:00' },
    ];
    const doc = source('leap.json', JSON.stringify({ event: 'Leap Day Conf 2024', sessions }));
    const summary = await ingest(doc);
    expect(summary.talks).toBe(2);
    const talk = (title: string) => `${title.toLowerCase().replace(/ /g, '-')}-leap-day-conf-2024`;
    expect(await literalsOf('talk', talk('Leases and Fencing Tokens'), 'starts_at')).toEqual([]);
    expect(await objectsOf('talk', talk('Leases and Fencing Tokens'), 'has_speaker')).toMatchObject([
      { label: 'Ada Quint' },
    ]);
    expect(await literalsOf('talk', talk('Clocks You Can Trust'), 'starts_at')).toEqual([
      '2024-02-29T10:00:00',
    ]);
  });

  it('a changed version replaces that document’s facts; facts another document supports stay', async () => {
    const listing = (talks: string) => `# Pine Summit 2021\n\n${talks}`;
    const talk = (title: string, speaker: string) =>
      `## ${title}\n\nSpeaker: ${speaker}\n\nA long enough abstract about ${title.toLowerCase()} and how teams build it in production today.\n\n`;
    await ingest(
      source('a.md', listing(talk('Raft in Production', 'Ada Quinn') + talk('Tracing at Scale', 'Bo Lind'))),
    );
    await ingest(source('b.md', listing(talk('Raft in Production', 'Ada Quinn'))));
    const v2 = await ingest(source('a.md', listing(talk('Profiling Go', 'Cy Moss'))));
    expect(v2.status).toBe('replaced');
    expect(v2.removed).toBeGreaterThan(0);
    const talks = (
      await store.db.query<{ label: string }>(`select label from node where kind = 'talk' order by label`)
    ).map((r) => r.label);
    // Raft stays (b.txt says it too); Tracing is gone; Profiling is new.
    expect(talks).toEqual(['Profiling Go', 'Raft in Production']);
    expect(await count(`select count(*) as n from node where kind = 'speaker' and slug = 'bo-lind'`)).toBe(0);
    // The derived word counts behind text similarity follow every change exactly.
    expect(
      await count(`select count(*) as n from (select term, count(*) as talks from talk_term group by term) t
        full join (select term, talks from term_frequency where term <> '' and talks > 0) f using (term)
        where t.talks is distinct from f.talks`),
    ).toBe(0);
    expect(await count(`select talks as n from term_frequency where term = ''`)).toBe(
      await count('select count(distinct talk_id) as n from talk_term'),
    );
    // So do the counts of facts pointing at each node (a topic's talks, a speaker's talks).
    expect(
      await count(`select count(*) as n from (select object_id, predicate_id, count(*) as facts from triple
                                               where object_id is not null group by 1, 2) t
        full join edge_count c using (object_id, predicate_id)
        where t.facts is distinct from c.facts`),
    ).toBe(0);
  });

  it('the same person named differently is one node when the handle matches', async () => {
    await ingest(
      source(
        'x.md',
        '# Fir Days 2022\n\n## Deep Dive Into Queues\n\nSpeakers: William Harlow (@wharlow)\n\nQueues, explained from the ground up.\n',
      ),
    );
    await ingest(
      source(
        'y.md',
        '# Fir Days 2023\n\n## Queues Again\n\nSpeakers: Bill Harlow (@wharlow)\n\nMore queues, explained again.\n',
      ),
    );
    expect(await count(`select count(*) as n from node where kind = 'speaker'`)).toBe(1);
    expect(await literalsOf('speaker', 'william-harlow', 'alias')).toEqual(['Bill Harlow']);
  });
});
