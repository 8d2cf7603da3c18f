import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { removeDocument, saveDocument } from '../../src/store/documents.js';
import { migrate } from '../../src/store/migrate.js';
import { upsertNodes } from '../../src/store/nodes.js';
import { graphStats } from '../../src/store/stats.js';
import type { Store } from '../../src/store/store.js';
import { assertTriples, countTriples, matchTriples, type TriplePattern } from '../../src/store/triples.js';
import { backends, createTestStore, resetGraph } from '../support/databases.js';

describe.each(backends)('the triple store on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
  });
  afterAll(() => dispose?.());
  beforeEach(() => resetGraph(store.db));

  const sha = (char: string) => char.repeat(64);

  /** A small graph: two talks, two speakers, one event, with literals. */
  async function smallGraph() {
    const ids = await upsertNodes(store.db, [
      { kind: 'talk', slug: 'raft-in-practice', label: 'Raft in Practice' },
      { kind: 'talk', slug: 'tracing-101', label: 'Tracing 101' },
      { kind: 'speaker', slug: 'ada-lovelace', label: 'Ada Lovelace' },
      { kind: 'speaker', slug: 'zoe-nunez', label: 'Zoë Núñez' },
      { kind: 'event', slug: 'systems-conf-2022', label: 'Systems Conf 2022' },
    ]);
    const id = (key: string) => ids.get(key) as number;
    const n = {
      raft: id('talk/raft-in-practice'),
      tracing: id('talk/tracing-101'),
      ada: id('speaker/ada-lovelace'),
      zoe: id('speaker/zoe-nunez'),
      conf: id('event/systems-conf-2022'),
    };
    await assertTriples(store.db, store.predicates, null, [
      { subject: n.raft, predicate: 'has_speaker', object: { node: n.ada }, position: 1 },
      { subject: n.raft, predicate: 'has_speaker', object: { node: n.zoe }, position: 2 },
      { subject: n.tracing, predicate: 'has_speaker', object: { node: n.zoe }, position: 1 },
      { subject: n.raft, predicate: 'presented_at', object: { node: n.conf } },
      { subject: n.tracing, predicate: 'presented_at', object: { node: n.conf } },
      { subject: n.zoe, predicate: 'handle', object: { value: 'zoenu' } },
      { subject: n.ada, predicate: 'alias', object: { value: 'zoenu' } },
      { subject: n.conf, predicate: 'year', object: { value: '2022' } },
    ]);
    return n;
  }

  async function all(pattern: TriplePattern) {
    const { triples } = await matchTriples(store.db, store.predicates, pattern, { first: 100 });
    return triples
      .map((t) => `${t.subject} ${t.predicate} ${t.objectId ?? JSON.stringify(t.objectValue)}`)
      .sort();
  }

  it('plans statements marked planOnce once per connection on a server', async () => {
    const [row] = await store.db.query<{ mode: string }>(
      `select current_setting('plan_cache_mode') as mode`,
      [],
      { planOnce: true },
    );
    expect(row?.mode).toBe(backend === 'postgres' ? 'force_generic_plan' : 'auto');
    const [plain] = await store.db.query<{ mode: string }>(
      `select current_setting('plan_cache_mode') as mode`,
    );
    expect(plain?.mode).toBe('auto');
  });

  it('gives the ids of existing and new nodes, keeping the first label, without rewriting existing rows', async () => {
    const first = await upsertNodes(store.db, [{ kind: 'topic', slug: 'raft', label: 'Raft' }]);
    const [before] = await store.db.query<{ xmin: string }>(
      `select xmin::text from node where slug = 'raft'`,
    );
    const both = await upsertNodes(store.db, [
      { kind: 'topic', slug: 'raft', label: 'RAFT' },
      { kind: 'topic', slug: 'paxos', label: 'Paxos' },
      { kind: 'topic', slug: 'raft', label: 'raft again' },
    ]);
    expect(both.get('topic/raft')).toBe(first.get('topic/raft'));
    expect(both.get('topic/paxos')).toBeGreaterThan(0);
    const rows = await store.db.query<{ slug: string; label: string; xmin: string }>(
      'select slug, label, xmin::text from node order by slug',
    );
    expect(rows).toEqual([
      { slug: 'paxos', label: 'Paxos', xmin: expect.any(String) },
      { slug: 'raft', label: 'Raft', xmin: before?.xmin },
    ]);
  });

  // Only a server has a second connection to run the other transaction on.
  if (backend === 'postgres')
    it('finds a node that another transaction creates while the upsert runs', async () => {
      let inserted = () => {};
      let commit = () => {};
      const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
      const commitSignal = new Promise<void>((resolve) => (commit = resolve));
      const other = store.db.transaction(async (tx) => {
        await tx.query(`insert into node (kind, slug, label) values ('topic', 'raft', 'Raft')`);
        inserted();
        await commitSignal;
      });
      await insertedSignal;
      // Waits on the other transaction's row, which its snapshot cannot see once it is committed.
      const upsert = upsertNodes(store.db, [{ kind: 'topic', slug: 'raft', label: 'Raft (mine)' }]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      commit();
      await other;
      const ids = await upsert;
      const [row] = await store.db.query<{ id: number; label: string }>(
        `select id, label from node where slug = 'raft'`,
      );
      expect(ids.get('topic/raft')).toBe(row?.id);
      expect(row?.label).toBe('Raft');
    });

  it('answers every combination of bound and unbound subject, predicate and object', async () => {
    const n = await smallGraph();
    const line = (s: number, p: string, o: number | string) =>
      `${s} ${p} ${typeof o === 'number' ? o : JSON.stringify(o)}`;
    const everything = [
      line(n.raft, 'has_speaker', n.ada),
      line(n.raft, 'has_speaker', n.zoe),
      line(n.tracing, 'has_speaker', n.zoe),
      line(n.raft, 'presented_at', n.conf),
      line(n.tracing, 'presented_at', n.conf),
      line(n.zoe, 'handle', 'zoenu'),
      line(n.ada, 'alias', 'zoenu'),
      line(n.conf, 'year', '2022'),
    ].sort();
    // (?, ?, ?)
    expect(await all({})).toEqual(everything);
    // (s, ?, ?)
    expect(await all({ subject: n.raft })).toEqual(everything.filter((l) => l.startsWith(`${n.raft} `)));
    // (?, p, ?)
    expect(await all({ predicate: 'presented_at' })).toEqual(
      [line(n.raft, 'presented_at', n.conf), line(n.tracing, 'presented_at', n.conf)].sort(),
    );
    // (?, ?, o) with a node object and with a literal object
    expect(await all({ object: { node: n.zoe } })).toEqual(
      [line(n.raft, 'has_speaker', n.zoe), line(n.tracing, 'has_speaker', n.zoe)].sort(),
    );
    expect(await all({ object: { value: 'zoenu' } })).toEqual(
      [line(n.zoe, 'handle', 'zoenu'), line(n.ada, 'alias', 'zoenu')].sort(),
    );
    // (s, p, ?)
    expect(await all({ subject: n.raft, predicate: 'has_speaker' })).toEqual(
      [line(n.raft, 'has_speaker', n.ada), line(n.raft, 'has_speaker', n.zoe)].sort(),
    );
    // (s, ?, o)
    expect(await all({ subject: n.raft, object: { node: n.conf } })).toEqual([
      line(n.raft, 'presented_at', n.conf),
    ]);
    // (?, p, o)
    expect(await all({ predicate: 'handle', object: { value: 'zoenu' } })).toEqual([
      line(n.zoe, 'handle', 'zoenu'),
    ]);
    // (s, p, o): present and absent
    expect(await all({ subject: n.tracing, predicate: 'has_speaker', object: { node: n.zoe } })).toHaveLength(
      1,
    );
    expect(await all({ subject: n.tracing, predicate: 'has_speaker', object: { node: n.ada } })).toEqual([]);
    expect(await countTriples(store.db, store.predicates, { predicate: 'has_speaker' })).toBe(3);
  });

  it('pages through a pattern without skipping or repeating a triple', async () => {
    await smallGraph();
    const seen: number[] = [];
    let after: number | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof matchTriples>> = await matchTriples(
        store.db,
        store.predicates,
        {},
        { first: 3, after },
      );
      seen.push(...page.triples.map((t) => t.id));
      if (!page.hasNextPage) break;
      after = page.triples.at(-1)?.id ?? null;
    }
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('stores the same fact asserted twice, or by two documents, as one row', async () => {
    const n = await smallGraph();
    const longAbstract = 'consensus '.repeat(1000); // longer than a btree entry may be
    const first = await assertTriples(store.db, store.predicates, null, [
      { subject: n.raft, predicate: 'has_speaker', object: { node: n.ada } },
      { subject: n.raft, predicate: 'abstract', object: { value: longAbstract } },
      { subject: n.raft, predicate: 'abstract', object: { value: longAbstract } },
    ]);
    expect(first.added).toBe(1);
    expect(first.ids[1]).toBe(first.ids[2]);
    const second = await assertTriples(store.db, store.predicates, null, [
      { subject: n.raft, predicate: 'abstract', object: { value: longAbstract } },
    ]);
    expect(second).toEqual({ ids: [first.ids[1]], added: 0 });
    expect(
      await countTriples(store.db, store.predicates, { subject: n.raft, predicate: 'has_speaker' }),
    ).toBe(2);
    expect(await countTriples(store.db, store.predicates, { subject: n.raft, predicate: 'abstract' })).toBe(
      1,
    );
    // The database itself refuses a duplicate, whatever the code above does.
    await expect(
      store.db.query(
        `insert into triple (subject_id, predicate_id, object_id) select $1, id, $2 from predicate where name = 'has_speaker'`,
        [n.raft, n.ada],
      ),
    ).rejects.toThrow(/duplicate key|unique/i);
  });

  it('keeps constraints in the database: object xor value, slug format, known kinds', async () => {
    const n = await smallGraph();
    await expect(
      store.db.query(
        `insert into triple (subject_id, predicate_id, object_id, object_value) select $1, id, $1, 'x' from predicate where name = 'alias'`,
        [n.ada],
      ),
    ).rejects.toThrow(/triple_object_xor_value/);
    await expect(
      store.db.query(`insert into node (kind, slug, label) values ('talk', 'Not A Slug', 'x')`),
    ).rejects.toThrow(/node_slug_format/);
    await expect(
      store.db.query(`insert into node (kind, slug, label) values ('planet', 'mars', 'Mars')`),
    ).rejects.toThrow(/foreign key/i);
  });

  it('refuses a fact or a source that names a node, predicate, fact or document that does not exist', async () => {
    const n = await smallGraph();
    const missing = n.conf + 1000;
    const refused = (promise: Promise<unknown>, what: RegExp) =>
      expect(promise).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(what) });
    await refused(
      assertTriples(store.db, store.predicates, null, [
        { subject: n.raft, predicate: 'has_speaker', object: { node: n.ada } },
        { subject: missing, predicate: 'has_speaker', object: { node: n.ada } },
      ]),
      new RegExp(`refers to node ${missing} as its subject`),
    );
    await refused(
      assertTriples(store.db, store.predicates, null, [
        { subject: n.tracing, predicate: 'has_speaker', object: { node: missing } },
      ]),
      new RegExp(`refers to node ${missing} as its object`),
    );
    await refused(
      store.db.query(`insert into triple (subject_id, predicate_id, object_value) values ($1, 999, 'x')`, [
        n.raft,
      ]),
      /refers to predicate 999/,
    );
    await refused(
      store.db.query('update triple set object_id = $1 where object_id = $2', [missing, n.zoe]),
      new RegExp(`refers to node ${missing} as its object`),
    );
    const doc = await saveDocument(store.db, {
      name: 'a.txt',
      sha256: sha('a'),
      format: 'listing',
      bytes: 1,
    });
    const [fact] = await store.db.query<{ id: number }>('select min(id) as id from triple');
    await refused(
      store.db.query('insert into triple_source (triple_id, document_id) values ($1, $2)', [
        fact?.id,
        missing,
      ]),
      new RegExp(`refers to document ${missing}`),
    );
    await refused(
      store.db.query('insert into triple_source (triple_id, document_id) values ($1, $2)', [-1, doc]),
      /refers to triple -1/,
    );
    expect(await countTriples(store.db, store.predicates, {})).toBe(8); // nothing half-written
  });

  it('deleting a node deletes the facts at either end, their sources and counts, and its words', async () => {
    const n = await smallGraph();
    const doc = await saveDocument(store.db, {
      name: 'a.txt',
      sha256: sha('a'),
      format: 'listing',
      bytes: 1,
    });
    await assertTriples(store.db, store.predicates, doc, [
      { subject: n.tracing, predicate: 'has_speaker', object: { node: n.ada }, position: 2 },
    ]);
    await store.db.query(`insert into talk_term (talk_id, term, weight) values ($1, 'raft', 1)`, [n.raft]);
    await store.db.query('delete from node where id = any($1::bigint[])', [[n.zoe, n.raft]]);
    expect(await all({})).toEqual(
      [
        `${n.ada} alias "zoenu"`,
        `${n.conf} year "2022"`,
        `${n.tracing} has_speaker ${n.ada}`,
        `${n.tracing} presented_at ${n.conf}`,
      ].sort(),
    );
    const count = async (sql: string) => (await store.db.query<{ n: number }>(sql))[0]?.n;
    expect(await count('select count(*)::int as n from talk_term')).toBe(0);
    expect(await count('select count(*)::int as n from triple_source')).toBe(1);
    expect(
      await count(`select sum(facts)::int as n from edge_count where object_id in (${n.zoe}, ${n.conf})`),
    ).toBe(1);
    // Deleting the document node takes its support with it; the fact itself stays (unsourced facts do).
    await store.db.query('delete from node where id = $1', [doc]);
    expect(await count('select count(*)::int as n from triple_source')).toBe(0);
    expect(await count('select count(*)::int as n from document')).toBe(0);
  });

  it('refuses an object of the wrong type for the predicate', async () => {
    const n = await smallGraph();
    await expect(
      assertTriples(store.db, store.predicates, null, [
        { subject: n.ada, predicate: 'handle', object: { node: n.zoe } },
      ]),
    ).rejects.toThrow(/takes a string literal/);
    await expect(
      assertTriples(store.db, store.predicates, null, [
        { subject: n.ada, predicate: 'no_such', object: { value: 'x' } },
      ]),
    ).rejects.toThrow(/unknown predicate "no_such"/);
  });

  it('removing a document removes exactly its facts and no others', async () => {
    const n = await smallGraph(); // 8 facts with no document
    const [orphanTopic] = [
      ...(await upsertNodes(store.db, [{ kind: 'topic', slug: 'consensus', label: 'consensus' }])).values(),
    ];
    const docA = await saveDocument(store.db, {
      name: 'a.txt',
      sha256: sha('a'),
      format: 'listing',
      bytes: 10,
    });
    const docB = await saveDocument(store.db, {
      name: 'b.txt',
      sha256: sha('b'),
      format: 'recap',
      bytes: 10,
    });
    const shared = { subject: n.raft, predicate: 'has_topic', object: { node: orphanTopic as number } };
    await assertTriples(store.db, store.predicates, docA, [
      { ...shared, confidence: 0.9 },
      { subject: n.tracing, predicate: 'abstract', object: { value: 'only in a' } },
    ]);
    await assertTriples(store.db, store.predicates, docB, [{ ...shared, confidence: 0.4 }]);
    const [before] = await store.db.query<{ confidence: number }>(
      'select confidence from triple where object_id = $1',
      [orphanTopic],
    );
    expect(before?.confidence).toBeCloseTo(0.9);

    const result = await store.db.transaction((tx) => removeDocument(tx, 'a.txt'));
    expect(result).toMatchObject({ removed: 1, removedNodes: 0 });
    expect(await all({ subject: n.tracing, predicate: 'abstract' })).toEqual([]);
    const [after] = await store.db.query<{ confidence: number }>(
      'select confidence from triple where object_id = $1',
      [orphanTopic],
    );
    expect(after?.confidence).toBeCloseTo(0.4); // still supported by b, at b's confidence
    expect(await countTriples(store.db, store.predicates, {})).toBe(9);

    // Removing b as well leaves the topic with no fact: the node goes too; the unsourced facts stay.
    expect(await removeDocument(store.db, 'b.txt')).toMatchObject({ removed: 1, removedNodes: 1 });
    expect(await countTriples(store.db, store.predicates, {})).toBe(8);
    const stats = await graphStats(store.db);
    expect(stats.documents).toBe(0);
    expect(stats.kinds.find((k) => k.kind === 'topic')?.count).toBe(0);
    expect(await removeDocument(store.db, 'b.txt')).toBeNull();
  });

  it('counts nodes by kind and triples by predicate', async () => {
    await smallGraph();
    const stats = await graphStats(store.db);
    expect(stats.nodes).toBe(5);
    expect(stats.triples).toBe(8);
    expect(stats.kinds.find((k) => k.kind === 'speaker')?.count).toBe(2);
    expect(stats.predicates.find((p) => p.predicate === 'has_speaker')?.count).toBe(3);
    expect(stats.predicates.find((p) => p.predicate === 'has_topic')?.count).toBe(0);
  });

  it('migrating again is a no-op that keeps the data', async () => {
    await smallGraph();
    const report = await migrate(store.db);
    expect(report.applied).toEqual([]);
    expect(report.alreadyApplied).toBeGreaterThan(0);
    expect((await graphStats(store.db)).triples).toBe(8);
  });
});
