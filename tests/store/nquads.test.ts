import { Parser, type Quad } from 'n3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { readNQuads } from '../../src/ingest/nquads.js';
import type { Queryable } from '../../src/store/database.js';
import { nquadsExporter } from '../../src/store/export/nquads.js';
import type { Fact } from '../../src/store/facts.js';
import { predicates as ontology } from '../../src/store/ontology.js';
import { defaultIriBase, literalDatatypes, xsdNamespace } from '../../src/store/rdf.js';
import { graphStats } from '../../src/store/stats.js';
import type { Store } from '../../src/store/store.js';
import { writeDocument } from '../../src/store/write-document.js';
import { backends, createTestStore, resetGraph } from '../support/databases.js';

const base = defaultIriBase;
const vocab = `${base}vocab/`;

const talk = (slug: string, label: string) => ({ kind: 'talk', slug, label });
const raft = talk('raft-in-practice', 'Raft in Practice');
const tracing = talk('tracing-101', 'Tracing "101"\nfor beginners');
const ada = { kind: 'speaker', slug: 'ada-quinn', label: 'Ada Quinn' };
const zoe = { kind: 'speaker', slug: 'zoe-nunez', label: 'Zoë Núñez' };
const acme = { kind: 'organization', slug: 'acme-labs', label: 'Acme Labs' };
const pine = { kind: 'event', slug: 'pine-summit-2021', label: 'Pine Summit 2021' };
const harbor = { kind: 'event', slug: 'harbor-days-2022', label: 'Harbor Days 2022' };
const consensus = { kind: 'topic', slug: 'consensus', label: 'consensus' };
const lonely = talk('lonely-talk', 'A Talk Elsewhere');

/** Two documents that share facts (with different spans and confidences) and every literal type. */
const listing: Fact[] = [
  {
    subject: raft,
    predicate: 'presented_at',
    object: { node: pine },
    position: 1,
    span: { start: 0, end: 40 },
  },
  { subject: raft, predicate: 'has_speaker', object: { node: ada }, position: 1 },
  { subject: raft, predicate: 'has_speaker', object: { node: zoe }, position: 2 },
  { subject: raft, predicate: 'has_topic', object: { node: consensus }, confidence: 0.85 },
  {
    subject: raft,
    predicate: 'abstract',
    object: { value: 'Five nodes, "three" years;\nmany\tlessons — ünïcödé 🚀' },
  },
  { subject: raft, predicate: 'abstract_truncated', object: { value: 'true' } },
  { subject: raft, predicate: 'starts_at', object: { value: '2021-06-22T09:30:00' } },
  { subject: raft, predicate: 'ends_at', object: { value: '2021-06-22T10:15:00+02:00' } },
  { subject: ada, predicate: 'works_at', object: { node: acme }, qualifier: 'head of engineering' },
  { subject: pine, predicate: 'year', object: { value: '2021' } },
  { subject: pine, predicate: 'start_date', object: { value: '2021-06-22' } },
  { subject: tracing, predicate: 'presented_at', object: { node: pine }, position: 2 },
];
const recap: Fact[] = [
  {
    subject: raft,
    predicate: 'presented_at',
    object: { node: pine },
    position: 1,
    span: { start: 5, end: 9 },
  },
  { subject: raft, predicate: 'has_topic', object: { node: consensus }, confidence: 0.6 },
  { subject: lonely, predicate: 'presented_at', object: { node: harbor } },
  { subject: lonely, predicate: 'has_speaker', object: { node: zoe } },
  { subject: harbor, predicate: 'city', object: { value: 'Porto' } },
];

const sha = (c: string) => c.repeat(64);

async function seed(q: Queryable, store: Store) {
  await writeDocument(
    q,
    store.predicates,
    { name: 'listings/pine.md', sha256: sha('a'), format: 'markdown-listing', bytes: 812 },
    listing,
  );
  await writeDocument(
    q,
    store.predicates,
    { name: 'recaps/pine & harbor.txt', sha256: sha('b'), format: 'recap', bytes: 300 },
    recap,
  );
}

async function exportText(store: Store, event: string | null = null): Promise<string> {
  let text = '';
  for await (const chunk of nquadsExporter(store, { event, iriBase: base })) text += chunk;
  return text;
}

async function* linesOf(text: string) {
  yield* text.split('\n');
}

/** Every fact with what it carries and where it comes from, as comparable strings. */
async function factSet(q: Queryable): Promise<string[]> {
  const rows = await q.query<Record<string, unknown>>(
    `select s.kind || '/' || s.slug as subject, p.name as predicate,
            coalesce(o.kind || '/' || o.slug, t.object_value) as object, t.position, t.qualifier,
            ts.confidence, ts.span_start, ts.span_end, d.name as document
       from triple_source ts join triple t on t.id = ts.triple_id join predicate p on p.id = t.predicate_id
       join node s on s.id = t.subject_id left join node o on o.id = t.object_id
       join document d on d.node_id = ts.document_id`,
  );
  return rows.map((row) => JSON.stringify(row)).sort();
}

async function documentRows(q: Queryable) {
  return q.query(
    `select name, sha256, format, bytes, ingested_at::text as "ingestedAt" from document order by name`,
  );
}

async function labels(q: Queryable) {
  return q.query(`select kind, slug, label from node order by kind, slug`);
}

// Blank-node labels as written, to compare them across exports.
const parseQuads = (text: string): Quad[] =>
  new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(text);

describe.each(backends)('N-Quads export and import on %s', (backend) => {
  let a: Store;
  let b: Store;
  let disposeA: () => Promise<void>;
  let disposeB: () => Promise<void>;

  beforeAll(async () => {
    ({ store: a, dispose: disposeA } = await createTestStore(backend));
    ({ store: b, dispose: disposeB } = await createTestStore(backend));
  });
  afterAll(async () => {
    await disposeA?.();
    await disposeB?.();
  });
  beforeEach(async () => {
    await resetGraph(a.db);
    await resetGraph(b.db);
    await a.db.transaction((tx) => seed(tx, a));
  });

  async function importText(text: string) {
    const documents = await readNQuads(linesOf(text), { name: 'a.nq', iriBase: base, predicates: ontology });
    return b.db.transaction(async (tx) => {
      const statuses = [];
      for (const { document, facts } of documents)
        statuses.push((await writeDocument(tx, b.predicates, document, facts)).status);
      return statuses;
    });
  }

  it('an export ingested into an empty database recreates the documents, facts, sources and labels', async () => {
    const text = await exportText(a);
    expect(await importText(text)).toEqual(['added', 'added']);
    expect(await graphStats(b.db)).toEqual(await graphStats(a.db));
    expect(await factSet(b.db)).toEqual(await factSet(a.db));
    expect(await documentRows(b.db)).toEqual(await documentRows(a.db));
    expect(await labels(b.db)).toEqual(await labels(a.db));
    // And the copy exports to the same text.
    expect(await exportText(b)).toBe(text);
  });

  it('importing the same export again changes nothing', async () => {
    const text = await exportText(a);
    await importText(text);
    const before = {
      stats: await graphStats(b.db),
      facts: await factSet(b.db),
      docs: await documentRows(b.db),
    };
    expect(await importText(text)).toEqual(['unchanged', 'unchanged']);
    expect({
      stats: await graphStats(b.db),
      facts: await factSet(b.db),
      docs: await documentRows(b.db),
    }).toEqual(before);
  });

  it('a fact two documents assert is in both graphs, each with its own span and confidence', async () => {
    const quads = parseQuads(await exportText(a));
    const stated = quads.filter(
      (q) => q.subject.value === `${base}talk/raft-in-practice` && q.predicate.value === `${vocab}has_topic`,
    );
    expect(stated.map((q) => q.graph.value).sort()).toEqual([
      `${base}document/listings-pine-md`,
      `${base}document/recaps-pine-harbor-txt`,
    ]);
    const confidences = quads
      .filter((q) => q.predicate.value === `${vocab}confidence`)
      .map((q) => q.object.value);
    expect(confidences.sort()).toEqual(['0.6', '0.85']);
  });

  it('parses with N3.js, and every literal has the datatype its predicate declares', async () => {
    const quads = parseQuads(await exportText(a));
    const lexical: Record<string, RegExp> = {
      [`${xsdNamespace}integer`]: /^[+-]?\d+$/,
      [`${xsdNamespace}boolean`]: /^(?:true|false|1|0)$/,
      [`${xsdNamespace}dateTime`]: /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/,
      [`${xsdNamespace}date`]: /^-?\d{4,}-\d{2}-\d{2}(?:Z|[+-]\d{2}:\d{2})?$/,
      [`${xsdNamespace}double`]: /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/,
      [`${xsdNamespace}string`]: /[\s\S]*/,
    };
    const expected = new Map<string, string>([
      ...ontology
        .filter((p) => p.objectType !== 'node')
        .map(
          (p) =>
            [`${vocab}${p.name}`, literalDatatypes[p.objectType as keyof typeof literalDatatypes]] as const,
        ),
      [`${vocab}position`, `${xsdNamespace}integer`],
      [`${vocab}spanStart`, `${xsdNamespace}integer`],
      [`${vocab}spanEnd`, `${xsdNamespace}integer`],
      [`${vocab}bytes`, `${xsdNamespace}integer`],
      [`${vocab}ingestedAt`, `${xsdNamespace}dateTime`],
      [`${vocab}confidence`, `${xsdNamespace}double`],
      [`${vocab}qualifier`, `${xsdNamespace}string`],
    ]);
    const literals = quads.filter((q) => q.object.termType === 'Literal');
    const seen = new Set<string>();
    for (const quad of literals) {
      if (quad.object.termType !== 'Literal') continue;
      const datatype = quad.object.datatype.value;
      const want = expected.get(quad.predicate.value) ?? `${xsdNamespace}string`;
      expect(`${quad.predicate.value} ${datatype}`).toBe(`${quad.predicate.value} ${want}`);
      expect(quad.object.value).toMatch(lexical[datatype] as RegExp);
      seen.add(datatype);
    }
    expect([...seen].sort()).toEqual(Object.keys(lexical).sort());
    expect(quads.every((q) => q.graph.termType === 'NamedNode')).toBe(true);
    const abstract = literals.find((q) => q.predicate.value === `${vocab}abstract`);
    expect(abstract?.object.value).toBe('Five nodes, "three" years;\nmany\tlessons — ünïcödé 🚀');
  });

  it('a time without seconds becomes a valid xsd:dateTime', async () => {
    await a.db.transaction((tx) =>
      writeDocument(tx, a.predicates, { name: 'late.txt', sha256: sha('c'), format: 'listing', bytes: 9 }, [
        { subject: raft, predicate: 'starts_at', object: { value: '2021-06-22T09:30' } },
        { subject: tracing, predicate: 'starts_at', object: { value: '2021-06-22T11:00+01:00' } },
      ]),
    );
    const times = parseQuads(await exportText(a))
      .filter((q) => q.predicate.value === `${vocab}starts_at` && q.graph.value.endsWith('/late-txt'))
      .map((q) => q.object.value)
      .sort();
    expect(times).toEqual(['2021-06-22T09:30:00', '2021-06-22T11:00:00+01:00']);
  });

  it('annotations are reified only when there is something to annotate, with labels hashed from the quad', async () => {
    const text = await exportText(a);
    const quads = parseQuads(text);
    const statements = quads.filter(
      (q) => q.object.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement',
    );
    // Annotated: raft presented_at (listing, recap), both has_speaker, has_topic (both), works_at, tracing presented_at.
    expect(statements).toHaveLength(8);
    // Another database stating the same fact in the same document labels its statement the same way.
    await resetGraph(a.db);
    await a.db.transaction((tx) =>
      writeDocument(
        tx,
        a.predicates,
        { name: 'listings/pine.md', sha256: sha('a'), format: 'markdown-listing', bytes: 812 },
        [listing[0] as Fact],
      ),
    );
    const again = parseQuads(await exportText(a)).filter((q) => q.subject.termType === 'BlankNode');
    const original = quads.filter(
      (q) => q.subject.termType === 'BlankNode' && again.some((g) => g.subject.value === q.subject.value),
    );
    expect(new Set(again.map((q) => q.subject.value)).size).toBe(1);
    expect(original.map((q) => `${q.predicate.value} ${q.object.value}`).sort()).toEqual(
      again.map((q) => `${q.predicate.value} ${q.object.value}`).sort(),
    );
  });

  it('--event keeps that event: its talks, the entities they connect to, and their facts', async () => {
    const quads = parseQuads(await exportText(a, 'harbor-days-2022'));
    const subjects = new Set(
      quads.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value),
    );
    expect(subjects).toContain(`${base}talk/lonely-talk`);
    expect(subjects).toContain(`${base}event/harbor-days-2022`);
    expect(subjects).not.toContain(`${base}talk/raft-in-practice`);
    // Zoë speaks at both events: she is labelled, but Pine's talks are not exported with her.
    expect(
      quads.some(
        (q) => q.predicate.value === `${vocab}has_speaker` && q.subject.value.endsWith('raft-in-practice'),
      ),
    ).toBe(false);
    expect(new Set(quads.map((q) => q.graph.value))).toEqual(
      new Set([`${base}document/recaps-pine-harbor-txt`]),
    );

    const pine = parseQuads(await exportText(a, 'pine-summit-2021'));
    // The speaker's own facts come along: where Ada works.
    expect(
      pine.some(
        (q) => q.predicate.value === `${vocab}works_at` && q.object.value === `${base}organization/acme-labs`,
      ),
    ).toBe(true);
    expect(pine.some((q) => q.subject.value.endsWith('lonely-talk'))).toBe(false);
  });

  it('an unknown event is NOT_FOUND, naming the slug', async () => {
    await expect(exportText(a, 'no-such-event')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('"no-such-event"'),
    });
  });
});

describe('reading N-Quads', () => {
  const g = `<${base}document/a-md>`;
  const header = [
    `${g} <${vocab}documentName> "a.md" ${g} .`,
    `${g} <${vocab}sha256> "${sha('d')}" ${g} .`,
    `${g} <${vocab}documentFormat> "markdown-listing" ${g} .`,
    `${g} <${vocab}bytes> "12"^^<${xsdNamespace}integer> ${g} .`,
    `<${base}event/pine-2021> <http://www.w3.org/2000/01/rdf-schema#label> "Pine 2021" ${g} .`,
  ];
  const read = (lines: string[]) =>
    readNQuads(linesOf(lines.join('\n')), { name: 'in.nq', iriBase: base, predicates: ontology });

  it('reads a document with its facts', async () => {
    const [doc] = await read([
      ...header,
      `<${base}event/pine-2021> <${vocab}year> "2021"^^<${xsdNamespace}integer> ${g} .`,
    ]);
    expect(doc?.document).toEqual({ name: 'a.md', sha256: sha('d'), format: 'markdown-listing', bytes: 12 });
    expect(doc?.facts).toEqual([
      {
        subject: { kind: 'event', slug: 'pine-2021', label: 'Pine 2021' },
        predicate: 'year',
        object: { value: '2021' },
      },
    ]);
  });

  it.each([
    ['a syntax error', `<${base}event/pine-2021> <${vocab}year> "2021 ${g} .`, /in\.nq:6: not N-Quads/],
    [
      'an IRI outside the base',
      `<https://elsewhere.example/event/x> <${vocab}year> "2021"^^<${xsdNamespace}integer> ${g} .`,
      /in\.nq:6: .*not an entity IRI under https:\/\/talkgraph\.dev\/id\//,
    ],
    [
      'an unknown predicate',
      `<${base}event/pine-2021> <${vocab}attendance> "2021" ${g} .`,
      /in\.nq:6: unknown predicate <https:\/\/talkgraph\.dev\/id\/vocab\/attendance>/,
    ],
    [
      'a literal of the wrong type',
      `<${base}event/pine-2021> <${vocab}year> "2021" ${g} .`,
      /in\.nq:6: "year" takes a literal of type <http:\/\/www\.w3\.org\/2001\/XMLSchema#integer>/,
    ],
    [
      'a malformed literal',
      `<${base}event/pine-2021> <${vocab}year> "MMXXI"^^<${xsdNamespace}integer> ${g} .`,
      /in\.nq:6: "year": "MMXXI" is not a integer/,
    ],
    [
      'a quad outside any graph',
      `<${base}event/pine-2021> <${vocab}year> "2021"^^<${xsdNamespace}integer> .`,
      /in\.nq:6: the quad is outside any graph/,
    ],
    [
      'a statement about a fact the graph does not state',
      `_:x <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> <${base}event/pine-2021> ${g} .\n_:x <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <${vocab}year> ${g} .\n_:x <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> "1999"^^<${xsdNamespace}integer> ${g} .`,
      /in\.nq:6: _:x annotates a fact the graph/,
    ],
  ])('refuses %s, naming the input, the line and the problem', async (_what, line, message) => {
    await expect(read([...header, line])).rejects.toMatchObject({
      code: 'INGEST_REJECTED',
      message: expect.stringMatching(message),
    });
  });

  it('merges two copies of a graph: the earlier reading time counts, another version is refused', async () => {
    const at = (time: string) => `${g} <${vocab}ingestedAt> "${time}"^^<${xsdNamespace}dateTime> ${g} .`;
    const [doc] = await read([
      ...header,
      at('2026-03-02T10:00:00.000001Z'),
      ...header,
      at('2026-03-01T10:00:00Z'),
    ]);
    expect(doc?.document.ingestedAt).toBe('2026-03-01T10:00:00Z');
    const other = `${g} <${vocab}sha256> "${sha('e')}" ${g} .`;
    await expect(read([...header, other])).rejects.toThrow(
      /in\.nq:6: the document's sha256 is given twice with different values \(line 2/,
    );
  });

  it('takes its base from TALKGRAPH_IRI_BASE, refusing one that is not an http(s) IRI ending in / or #', () => {
    expect(loadConfig({ TALKGRAPH_IRI_BASE: 'https://example.org/kg#' }).iriBase).toBe(
      'https://example.org/kg#',
    );
    expect(loadConfig({}).iriBase).toBe(defaultIriBase);
    expect(() => loadConfig({ TALKGRAPH_IRI_BASE: 'example.org/kg' })).toThrow(/TALKGRAPH_IRI_BASE/);
  });
});
