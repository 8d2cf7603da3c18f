import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { TalkgraphError } from '../../src/errors.js';
import { extractDocument } from '../../src/ingest/extract.js';
import { extractMentions } from '../../src/ingest/topics/mentions.js';
import { canonicalTopic, extractTopics } from '../../src/ingest/topics/topics.js';
import { compileVocabulary, loadVocabulary } from '../../src/ingest/topics/vocabulary.js';
import { readSeed, sharedAvailable } from '../support/seeds.js';

const seeds = sharedAvailable
  ? [readSeed('000'), readSeed('001')].map((seed) => extractDocument(seed.text))
  : [];
const slugsOf = (title: string) => {
  const talk = seeds.flatMap((d) => d.talks).find((t) => t.title.startsWith(title));
  return (talk?.topics ?? []).map((t) => t.slug);
};

describe.runIf(sharedAvailable)('topic tags on the seeds', () => {
  it('gives every talk with an abstract or write-up at least two tags, each with a confidence in (0, 1]', () => {
    for (const talk of seeds.flatMap((d) => d.talks)) {
      if (!talk.abstract) continue;
      expect(talk.topics.length, talk.title).toBeGreaterThanOrEqual(2);
      for (const tag of talk.topics) {
        expect(tag.confidence).toBeGreaterThan(0);
        expect(tag.confidence).toBeLessThanOrEqual(1);
        expect(tag.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }
    }
  });

  it('finds the subjects the talks are about', () => {
    const all = new Set(seeds.flatMap((d) => d.talks.flatMap((t) => t.topics.map((x) => x.slug))));
    for (const slug of [
      'consensus',
      'raft',
      'distributed-systems',
      'goroutines',
      'observability',
      'serialization',
      'error-handling',
      'graph-databases',
      'pprof',
      'expvar',
    ]) {
      expect(all, slug).toContain(slug);
    }
    expect(slugsOf('White Water Rafting')).toEqual(expect.arrayContaining(['consensus', 'raft']));
    expect(slugsOf('Process Introspection')).toEqual(expect.arrayContaining(['pprof', 'expvar']));
  });

  it('never tags a talk with its speaker’s name', () => {
    for (const talk of seeds.flatMap((d) => d.talks)) {
      const names = talk.speakers.flatMap((s) => s.name.toLowerCase().split(' '));
      for (const tag of talk.topics)
        for (const word of tag.label.toLowerCase().split(' ')) expect(names).not.toContain(word);
    }
  });
});

describe('canonical topics', () => {
  it('brings spellings of one topic together', () => {
    const slugs = (phrases: string[]) => new Set(phrases.map((p) => canonicalTopic(p).slug));
    expect(slugs(['goroutine', 'Goroutines', 'go-routines', 'go routines'])).toEqual(new Set(['goroutines']));
    expect(slugs(['fault-tolerance', 'Fault Tolerance', 'fault tolerant'])).toEqual(
      new Set(['fault-tolerance']),
    );
    expect(slugs(['GC', 'garbage collector', 'Garbage Collection'])).toEqual(new Set(['garbage-collection']));
    expect(slugs(['k8s', 'Kubernetes'])).toEqual(new Set(['kubernetes']));
    expect(slugs(['CRDT', 'conflict-free replicated data types'])).toEqual(new Set(['crdts']));
  });

  it('singularizes phrases the vocabulary does not know, with the usual exceptions', () => {
    expect(canonicalTopic('Haystack Indices').slug).toBe('haystack-index');
    expect(canonicalTopic('message dependencies').slug).toBe('message-dependency');
    expect(canonicalTopic('census data').slug).toBe('census-data');
    expect(canonicalTopic('regression analysis').slug).toBe('regression-analysis');
  });
});

describe('topics of abstracts never seen, from several fields', () => {
  const cases: [string, string, string[]][] = [
    [
      'Async Rust Without Tears',
      'Futures, executors and wakers explained: how async functions in Rust compile to state machines, why pinning exists, and how Tokio schedules tasks across threads.',
      ['async'],
    ],
    [
      'Writing Kubernetes Operators',
      'Custom resources and reconcile loops: we build an operator that manages database clusters, handles upgrades and recovers from failed nodes.',
      ['kubernetes-operators'],
    ],
    [
      'Making PostgreSQL Indexes Work for You',
      'B-tree, GIN and BRIN indexes compared on real workloads, how the query planner picks an index, and when a partial index beats a full one.',
      ['indexing', 'query-optimization'],
    ],
    [
      'React Rendering Under the Microscope',
      'Why components render again, how memoization helps and hurts, and what concurrent rendering changes for state management in large React apps.',
      ['rendering-frontend', 'state-management'],
    ],
    [
      'Feature Stores for ML Pipelines',
      'Training and serving skew ruins models. A feature store keeps feature definitions in one place for batch training and online inference in machine learning pipelines.',
      ['machine-learning'],
    ],
    [
      'Supply Chain Attacks on Package Registries',
      'Typosquatting, dependency confusion and compromised maintainers: how attackers reach your build, and how signing and provenance attestations stop them.',
      ['supply-chain-security'],
    ],
  ];
  it.each(cases)('%s', (title, abstract, expected) => {
    const tags = extractTopics({ title, abstract }).map((t) => t.slug);
    expect(tags.length).toBeGreaterThanOrEqual(2);
    expect(tags).toEqual(expect.arrayContaining(expected));
  });

  it('still finds keyphrases with an empty vocabulary (the statistical part alone)', () => {
    const empty = compileVocabulary([]);
    const tags = extractTopics(
      {
        title: 'Incremental Compilation in Practice',
        abstract:
          'Incremental compilation saves developers hours each week. We show how dependency tracking between modules decides what to rebuild, and why incremental compilation breaks when macros expand differently.',
      },
      { vocabulary: empty },
    ).map((t) => t.slug);
    expect(tags).toContain('incremental-compilation');
    expect(tags.length).toBeGreaterThanOrEqual(2);
  });
});

describe('topic tags stay honest on any subject', () => {
  // Invented talks from fields far from software, and software talks full of names and roles.
  const talks: { title: string; abstract: string; speakers?: string[]; organizations?: string[] }[] = [
    {
      title: 'Literary Fiction After the Serial Novel',
      abstract:
        'A panel on literary fiction: how serialized novels shaped the pacing of literary fiction, why publishers returned to serialization in newsletters, and what the unreliable narrator owes to magazine deadlines.',
    },
    {
      title: 'Treating Hypertension in Older Adults',
      abstract:
        'Blood pressure monitoring at home changes how we treat hypertension. We review trials of home blood pressure monitoring, the risks of overtreatment in frail patients, and how salt intake interacts with kidney function.',
    },
    {
      title: 'Contract Law for Small Publishers',
      abstract:
        'Contract law decides who owns a translation. We read three publishing contracts clause by clause, and ask when a verbal agreement binds and how courts read an ambiguous royalty clause.',
    },
    {
      title: 'Sourdough Fermentation at Home',
      abstract:
        'Wild yeast and lactic acid bacteria make sourdough rise. We compare starter hydration, fermentation temperature and the role of whole grain flour in sourdough bread.',
    },
    {
      title: 'Async Cancellation Done Right',
      abstract:
        'Ana Silva, a Principal Engineer at Ferrous Systems, explains async cancellation in Rust: why dropping a future cancels it, how cancellation safety breaks select loops, and what structured concurrency offers. Her colleague, a Developer Advocate at Quillworks GmbH, shows the same bugs in Python.',
      speakers: ['Ana Silva'],
    },
    {
      title: 'What Northwind Analytics Learned About Raft',
      abstract:
        'The CEO of Northwind Analytics and its Staff Engineer retell three outages of their Raft cluster, and how leader election behaved during each network partition.',
      organizations: ['Northwind Analytics'],
    },
  ];
  const tagged = talks.map((talk) => ({
    talk,
    tags: extractTopics(talk, { exclude: talk.speakers, organizations: talk.organizations }),
  }));
  const labelsOf = (title: string) =>
    tagged.find((t) => t.talk.title === title)?.tags.map((tag) => tag.label.toLowerCase()) ?? [];

  it('gives every tag evidence found in the talk’s own title or abstract', () => {
    for (const { talk, tags } of tagged) {
      const text = `${talk.title}\n${talk.abstract}`.toLowerCase();
      expect(tags.length, talk.title).toBeGreaterThanOrEqual(2);
      for (const tag of tags) {
        expect(tag.evidence, `${talk.title}: ${tag.label}`).toBeTruthy();
        expect(text, `${talk.title}: ${tag.label}`).toContain(tag.evidence.toLowerCase());
      }
    }
  });

  it('finds what each talk is about, whatever the field', () => {
    expect(labelsOf('Literary Fiction After the Serial Novel')).toContain('literary fiction');
    expect(labelsOf('Treating Hypertension in Older Adults')).toEqual(
      expect.arrayContaining(['hypertension', 'blood pressure monitoring']),
    );
    expect(labelsOf('Contract Law for Small Publishers')).toContain('contract law');
    expect(labelsOf('Sourdough Fermentation at Home')).toContain('sourdough fermentation');
    expect(labelsOf('Async Cancellation Done Right')).toContain('async cancellation');
  });

  it('never tags by loose association with the technical vocabulary', () => {
    // A serialized novel is not data serialization, and a blood pressure monitor not observability.
    expect(labelsOf('Literary Fiction After the Serial Novel')).not.toContain('serialization');
    expect(labelsOf('Treating Hypertension in Older Adults')).not.toContain('observability');
    const fiction = tagged[0]?.tags ?? [];
    expect(fiction[0]?.label).toBe('literary fiction');
  });

  it('a wider topic carries the words of the narrower one that implies it', () => {
    const tags = extractTopics({ title: 'Raft in Practice', abstract: 'How we run Raft on flaky networks.' });
    const consensus = tags.find((t) => t.slug === 'consensus');
    expect(consensus?.evidence).toBe('Raft');
    expect(tags.find((t) => t.slug === 'raft')?.evidence).toBe('Raft');
  });

  it('never tags a person, an organization or a job title', () => {
    const forbidden =
      /\b(?:ana|silva|ferrous|quillworks|gmbh|northwind|analytics|ceo|engineer|advocate|principal|staff)\b/;
    for (const { talk, tags } of tagged)
      for (const tag of tags) expect(tag.label.toLowerCase(), talk.title).not.toMatch(forbidden);
  });

  it('keeps a role word that qualifies another noun: developer tools are a topic, a developer advocate is not', () => {
    const tags = extractTopics({
      title: 'Developer Tools for Small Teams',
      abstract:
        'Lena Vogel, a Senior Developer Advocate at Kestrel Labs, compares developer tools for code review and why developer tools age badly.',
    }).map((t) => t.label.toLowerCase());
    expect(tags).toContain('developer tools');
    expect(tags.join('|')).not.toMatch(/advocate|kestrel|labs|senior/);
  });

  it('cuts no phrase at a verb or a function word', () => {
    expect(labelsOf('Async Cancellation Done Right')).not.toContain('async cancellation done');
    const functionWords = new Set(['the', 'a', 'of', 'and', 'to', 'in', 'for', 'how', 'why', 'what']);
    for (const { tags } of tagged) {
      for (const tag of tags) {
        const words = tag.label.toLowerCase().split(' ');
        expect(functionWords.has(words[0] as string), tag.label).toBe(false);
        expect(functionWords.has(words.at(-1) as string), tag.label).toBe(false);
      }
    }
    const meets = extractTopics({
      title: 'Sharding Meets Consensus',
      abstract: 'Splitting data across shards changes how replicas agree.',
    });
    expect(meets.map((t) => t.label.toLowerCase()).join('|')).not.toMatch(/meets?/);
  });

  it('gives a talk in German or Spanish no English keyphrases, only the technical names it uses', () => {
    const vocabulary = loadVocabulary();
    for (const talk of [
      {
        title: 'Verteilte Systeme mit Kubernetes betreiben',
        abstract:
          'Wie wir unsere Dienste auf Kubernetes betreiben und warum die Abstimmung zwischen den Knoten so wichtig ist. Wir zeigen Erfahrungen aus dem Betrieb.',
      },
      {
        title: 'Cómo escalar bases de datos con PostgreSQL',
        abstract:
          'En esta charla explicamos cómo usamos la replicación lógica de PostgreSQL para escalar las lecturas y qué problemas encontramos en producción.',
      },
    ]) {
      const tags = extractTopics(talk);
      expect(tags.length, talk.title).toBeGreaterThan(0);
      for (const tag of tags) expect(vocabularyHas(vocabulary, tag.label), tag.label).toBe(true);
    }
  });
});

describe('technologies a title names are topics of the talk', () => {
  const tagOf = (title: string, abstract: string | null, slug: string) =>
    extractTopics({ title, abstract }).find((t) => t.slug === slug);

  it('recognizes names the vocabulary does not know by how they are written and used', () => {
    // Inner capitals, a dotted name, a word that is no English word next to "with" or "at scale",
    // an acronym after "to the".
    for (const [title, slug, evidence] of [
      ['Standardizing Feature Flagging with OpenFeature', 'openfeature', 'OpenFeature'],
      ['Robots in Go with Gobot.io', 'gobot-io', 'Gobot.io'],
      ['Building Apps with htmx', 'htmx', 'htmx'],
      ['Quillstore at Scale', 'quillstore', 'Quillstore'],
      ['Contributing to the CDK', 'cdk', 'CDK'],
      ['Glimmerdb 4.2 Internals', 'glimmerdb', 'Glimmerdb'],
    ] as const) {
      const tag = tagOf(title, null, slug);
      expect(tag, title).toBeDefined();
      expect(tag?.evidence, title).toBe(evidence);
      // As sure as a known technology in a title.
      expect(tag?.confidence, title).toBeGreaterThanOrEqual(0.75);
    }
  });

  it('takes a name the abstract introduces as a thing, and names in titles in any language', () => {
    expect(
      tagOf(
        'Why We Chose Lanternfish',
        'Lanternfish, a message broker written in Zig, replaced three queues for us.',
        'lanternfish',
      ),
    ).toBeDefined();
    expect(tagOf('Criando documentação com MkDocs', null, 'mkdocs')).toBeDefined();
  });

  it('keeps a phrase built on the name: the technology and what the talk does with it', () => {
    const slugs = extractTopics({ title: 'Integrating CUDA in Go for GPU Acceleration', abstract: null }).map(
      (t) => t.slug,
    );
    expect(slugs).toEqual(expect.arrayContaining(['cuda', 'gpu-acceleration', 'go']));
  });

  it('never takes ordinary title words, organizations after "at", people or abbreviations for technologies', () => {
    const slugs = (title: string, abstract: string | null = null, exclude?: string[]) =>
      extractTopics({ title, abstract }, { exclude }).map((t) => t.slug);
    expect(slugs('Standardizing Feature Flagging with OpenFeature')).not.toContain('feature');
    expect(slugs('Scaling Quillstore at Northwind')).not.toContain('northwind');
    expect(slugs('Refactor your Go code with Confidence')).not.toContain('confidence');
    expect(slugs('Number Parsing w/Perfect Accuracy')).not.toContain('w-perfect');
    expect(slugs('Sourdough Fermentation at Home')).not.toContain('sourdough');
    expect(slugs('Lessons from Tamsin Okonkwo', null, ['Tamsin Okonkwo']).join(' ')).not.toMatch(
      /tamsin|okonkwo/,
    );
  });
});

describe('a tag means one sense', () => {
  const slugsOf = (title: string, abstract: string) => extractTopics({ title, abstract }).map((t) => t.slug);

  it('tells database, cloud and build migrations apart by what else the talk names', () => {
    const schema = slugsOf(
      'Zero-Downtime Migrations',
      'How we run schema migrations on a large PostgreSQL table without locking it, and how to roll back a bad column change.',
    );
    const cloud = slugsOf(
      'Migrations Without Tears',
      'Moving forty services from our data center to AWS: what a cloud migration costs, and how we planned the lift and shift.',
    );
    const build = slugsOf(
      'Our Build, Migrated',
      'Our migration from Maven to Gradle: build scripts, plugins, and the migrations of every module.',
    );
    expect(schema).toContain('migrations-databases');
    expect(cloud).toContain('migrations-cloud-computing');
    expect(build).toContain('migrations-build-systems');
    for (const slugs of [schema, cloud, build]) expect(slugs).not.toContain('migrations');
    // Each sense sits under its wider topic.
    expect(schema).toContain('databases');
    expect(cloud).toContain('cloud-computing');
  });

  it('gives the same sense one topic across talks, whatever words point to it, with a readable label', () => {
    const first = extractTopics({
      title: 'Migrations in MySQL',
      abstract: 'Adding a column to a busy table: the migrations tools we tried.',
    });
    const second = extractTopics({
      title: 'Database Migrations at Speed',
      abstract: 'Our ORM writes migrations; we review each one before it runs against SQLite and MySQL.',
    });
    for (const tags of [first, second]) {
      const tag = tags.find((t) => t.slug === 'migrations-databases');
      expect(tag?.label).toBe('migrations (databases)');
    }
  });

  it('reads pipelines and tokens by their company too', () => {
    expect(
      slugsOf(
        'Our CI Pipelines',
        'How we cut our CI pipeline from forty minutes to eight by caching builds.',
      ),
    ).toContain('pipelines-continuous-delivery');
    expect(
      slugsOf(
        'Pipelines for Models',
        'Training pipelines for machine learning models, from features to inference.',
      ),
    ).toContain('pipelines-machine-learning');
    expect(
      slugsOf(
        'Session Tokens Done Right',
        'Refresh tokens, access tokens and a JWT in a cookie, with OAuth.',
      ),
    ).toContain('tokens-authentication');
    expect(
      slugsOf(
        'Token Budgets',
        'Long prompts cost money: how many tokens a model reads in its context window.',
      ),
    ).toContain('tokens-large-language-models');
  });

  it('leaves the term itself when the text points to no sense', () => {
    const slugs = slugsOf(
      'Migrations and Compilers',
      'Migrations are hard; we discuss compilers, interpreters and migrations.',
    );
    expect(slugs).toContain('migrations');
    expect(slugs.join(' ')).not.toMatch(/migrations-/);
  });

  it('lets a vocabulary file mark its own ambiguous terms, with cues or by wider topic alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'talkgraph-senses-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'senses.json');
    writeFileSync(
      path,
      JSON.stringify({
        topics: [
          'photography|cameras|camera',
          'optics|optical',
          'lenses|lens',
          'prisms|prism|?optics|?functional programming',
        ],
        senses: { lenses: { photography: ['aperture', 'focal length'] } },
      }),
    );
    const vocabulary = loadVocabulary([path]);
    const slugs = (title: string, abstract: string) =>
      extractTopics({ title, abstract }, { vocabulary }).map((t) => t.slug);
    expect(slugs('Choosing Lenses', 'Aperture, focal length and the lens for street work.')).toContain(
      'lenses-photography',
    );
    expect(slugs('Prisms in Practice', 'Optical prisms split light; we measure each prism.')).toContain(
      'prisms-optics',
    );
    expect(
      slugs('Prisms in Practice', 'Prisms compose like lenses in functional programming with Haskell.'),
    ).toContain('prisms-functional-programming');
    writeFileSync(path, JSON.stringify({ senses: { lenses: { photography: 'aperture' } } }));
    expect(() => loadVocabulary([path])).toThrow(/senses\["lenses"\]\["photography"\]/);
  });
});

describe('leftover phrases are not topics', () => {
  const labelsOf = (title: string, abstract: string) =>
    extractTopics({ title, abstract }).map((t) => t.label.toLowerCase());

  it('drops what only describes ("stale flags", "great ideas"), general words ("new things", "first steps") and fragments', () => {
    const flags = labelsOf(
      'Cleaning Up After Feature Flags',
      'Every team adopts feature flags. Few remove them: stale flags are the debt nobody plans for, and we show how we find stale flags and delete them safely.',
    );
    expect(flags).toContain('feature flags');
    expect(flags.join('|')).not.toMatch(/stale/);
    const rust = labelsOf(
      'Getting Started with Rust',
      'First steps in Rust for new programmers: new things, great ideas and the first steps everyone takes with lifetime annotations.',
    );
    expect(rust.join('|')).not.toMatch(/step|thing|idea|great|getting/);
    expect(rust).toContain('lifetime annotations');
    // A title's opening verb and a trailing general noun are not part of a subject.
    expect(labelsOf('Building Apps with htmx', 'We build apps.').join('|')).not.toMatch(/building/);
    expect(
      labelsOf('Nil Today, Outage Tomorrow', 'Nil pointers and the outages they cause.').join('|'),
    ).not.toMatch(/today|tomorrow/);
    // "Safe" belongs to "thread safe", which the vocabulary read: the subject left is the data structures.
    const queues = labelsOf(
      'Lock-Free Queues and Thread Safe Data Structures',
      'Queues without locks, and what thread safety costs.',
    );
    expect(queues).toContain('data structures');
    expect(queues.join('|')).not.toMatch(/safe data/);
    // A phrase cut across a vocabulary term keeps what lies beyond it.
    const pauses = extractTopics({ title: 'Garbage Collection Pause Histograms', abstract: null }).map(
      (t) => t.slug,
    );
    expect(pauses).toEqual(expect.arrayContaining(['garbage-collection', 'pause-histogram']));
    expect(pauses).not.toContain('collection-pause-histogram');
  });

  it('keeps a describing phrase that the text uses as a term, saying it again', () => {
    const once = labelsOf('Auditing Code', 'We audit smart contracts on a public chain before release.');
    expect(once.join('|')).not.toMatch(/smart/);
    const again = labelsOf(
      'Auditing Smart Contracts',
      'Smart contracts hold real money. We audit smart contracts before release and show the bugs we find.',
    );
    expect(again).toContain('smart contracts');
  });
});

const vocabularyHas = (vocabulary: ReturnType<typeof loadVocabulary>, label: string) =>
  vocabulary.entries.some((entry) => entry.label === label);

describe('mentions', () => {
  it.runIf(sharedAvailable)('names the technologies of the recap, and no speaker', () => {
    const recap = seeds[1];
    const labels = new Set(recap?.talks.flatMap((t) => t.mentions.map((m) => m.label)));
    for (const name of ['Docker', 'Cayley', 'Neo4j']) expect(labels).toContain(name);
    const speakers = new Set(
      recap?.talks.flatMap((t) => t.speakers.flatMap((s) => [s.name, ...s.name.split(' ')])),
    );
    for (const label of labels) expect(speakers.has(label)).toBe(false);
  });

  it('picks up names the text introduces, once each, with their place in the text', () => {
    const text =
      'We moved to Quillstore, a time series database written in Zig. The Lanternfish project then replaced our old queue. Quillstore was fast.';
    const mentions = extractMentions(text);
    expect(mentions.map((m) => m.label)).toEqual(
      expect.arrayContaining(['Quillstore', 'Zig', 'Lanternfish']),
    );
    const quill = mentions.find((m) => m.label === 'Quillstore');
    expect(text.slice(quill?.span?.start, quill?.span?.end)).toBe('Quillstore');
    expect(mentions.filter((m) => m.label === 'Quillstore')).toHaveLength(1);
  });
});

describe('vocabulary files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'talkgraph-vocabulary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a user file extends the shipped vocabulary', () => {
    const path = join(dir, 'mine.json');
    writeFileSync(path, JSON.stringify({ topics: ['tree-walking interpreters|tree walkers'] }));
    const vocabulary = loadVocabulary([path]);
    const tags = extractTopics(
      { title: 'Tree Walkers Are Fine', abstract: 'Why tree walkers are fast enough for most scripting.' },
      { vocabulary },
    );
    expect(tags.map((t) => t.slug)).toContain('tree-walking-interpreters');
  });

  it('a malformed file is refused with BAD_CONFIG naming the file', () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ "topics": [ 42 ] }');
    expect(() => loadVocabulary([path])).toThrow(TalkgraphError);
    expect(() => loadVocabulary([path])).toThrow(new RegExp(`${path}: topics\\[0\\]`));
    writeFileSync(path, 'not json');
    expect(() => loadVocabulary([path])).toThrow(/not valid JSON/);
    expect(() => loadVocabulary([join(dir, 'missing.json')])).toThrow(
      /cannot read the vocabulary \(ENOENT\)/,
    );
  });
});
