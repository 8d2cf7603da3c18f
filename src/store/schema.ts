// The triple store's tables, as drizzle schema. drizzle-kit generates the SQL migrations in drizzle/
// from this file; never edit those by hand. docs/data-model.md explains the model and its indexes.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Postgres full-text vectors (drizzle has no built-in type for them). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
/** A full (epoch-qualified) transaction id, as pg_current_xact_id() returns it. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/** Node kinds (talk, speaker, event, ...): data, so that new kinds need no migration. */
export const kind = pgTable(
  'kind',
  {
    name: text().primaryKey(),
    label: text().notNull(),
    description: text().notNull(),
  },
  (t) => [check('kind_name_format', sql`${t.name} ~ '^[a-z][a-z0-9_]*$'`)],
);

/** The graph's own schema: every predicate, the kinds it connects and what its objects are. */
export const predicate = pgTable(
  'predicate',
  {
    id: smallint().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull().unique(),
    label: text().notNull(),
    description: text().notNull(),
    /** Kind of the subject; null when any kind may be the subject. */
    subjectKind: text('subject_kind').references(() => kind.name),
    /** 'node' for edges, otherwise the datatype of the literal object. */
    objectType: text('object_type').notNull(),
    /** For edges: the kind of the object node; null when any kind may be the object. */
    objectKind: text('object_kind').references(() => kind.name),
  },
  (t) => [
    check('predicate_name_format', sql`${t.name} ~ '^[a-z][a-z0-9_]*$'`),
    check(
      'predicate_object_type',
      sql`${t.objectType} in ('node', 'string', 'integer', 'boolean', 'datetime', 'date')`,
    ),
    check('predicate_object_kind_for_nodes', sql`${t.objectKind} is null or ${t.objectType} = 'node'`),
  ],
);

/** Every entity of the graph. The slug is its stable, readable identity within its kind. */
export const node = pgTable(
  'node',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text()
      .notNull()
      .references(() => kind.name),
    slug: text().notNull(),
    label: text().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The label with accents and case folded, and its words: stored for search. */
    labelFolded: text('label_folded').generatedAlwaysAs(sql`talkgraph_fold(label)`),
    labelVector: tsvector('label_vector').generatedAlwaysAs(
      sql`to_tsvector('english', talkgraph_fold(label))`,
    ),
  },
  (t) => [
    uniqueIndex('node_kind_slug').on(t.kind, t.slug),
    check('node_slug_format', sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    check('node_label_not_blank', sql`btrim(${t.label}) <> ''`),
  ],
);

/** Source documents: the provenance of every fact. Each is also a node of kind 'document'. */
export const document = pgTable(
  'document',
  {
    nodeId: bigint('node_id', { mode: 'number' })
      .primaryKey()
      .references(() => node.id, { onDelete: 'cascade' }),
    name: text().notNull().unique(),
    sha256: text().notNull(),
    format: text().notNull(),
    bytes: integer().notNull(),
    ingestedAt: timestamp('ingested_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('document_sha256_format', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('document_bytes_positive', sql`${t.bytes} > 0`),
  ],
);

/**
 * One fact: subject, predicate, and either an object node or a literal value. The same fact asserted
 * twice (by one or several documents) is one row; who asserted it lives in triple_source.
 */
export const triple = pgTable(
  'triple',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    // subject, predicate and object are references checked per statement, not per row: see
    // drizzle/0018_statement_level_references.sql.
    subjectId: bigint('subject_id', { mode: 'number' }).notNull(),
    predicateId: smallint('predicate_id').notNull(),
    objectId: bigint('object_id', { mode: 'number' }),
    objectValue: text('object_value'),
    /** Order among the subject's objects for this predicate (speakers of a talk, talks of an event). */
    position: integer(),
    /** A refinement of the predicate, e.g. the role for works_at ("head of engineering"). */
    qualifier: text(),
    /** The highest confidence any source gives this fact. */
    confidence: real().notNull().default(1),
    /** Words of a literal (accents and case folded), stored so that ranking needs no re-parsing. */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`to_tsvector('english', talkgraph_fold(object_value))`,
    ),
  },
  (t) => [
    check('triple_object_xor_value', sql`(${t.objectId} is null) <> (${t.objectValue} is null)`),
    check('triple_confidence_range', sql`${t.confidence} > 0 and ${t.confidence} <= 1`),
    // Identity of a fact. Literals are hashed: an abstract can be longer than a btree entry allows.
    uniqueIndex('triple_spo_node')
      .on(t.subjectId, t.predicateId, t.objectId)
      .where(sql`${t.objectId} is not null`),
    uniqueIndex('triple_spo_literal')
      .on(t.subjectId, t.predicateId, sql`md5(${t.objectValue})`)
      .where(sql`${t.objectValue} is not null`),
    // Forward traversal in stored order: a talk's speakers, an event's talks. The object and the
    // confidence ride along, so that reading a node's edges (a talk's topics) never visits the table.
    index('triple_sp').on(t.subjectId, t.predicateId, t.position, t.id, t.objectId, t.confidence),
    // Reverse traversal (who points at this node?), most confident first: a topic's top talks are
    // the index's first entries, and related talks read confidences without visiting the table.
    index('triple_opc')
      .on(t.objectId, t.predicateId, t.confidence.desc(), t.subjectId)
      .where(sql`${t.objectId} is not null`),
    // Every fact with one predicate (topic popularity, predicate counts), and pages in the order the
    // API shows them: without the last two columns the planner reads a popular topic's thousands of
    // has_topic facts through this smaller index and sorts them.
    index('triple_pocs').on(t.predicateId, t.objectId, t.confidence.desc(), t.subjectId),
    // Literal lookups by value, e.g. the speaker whose handle is "x".
    index('triple_p_literal')
      .on(t.predicateId, sql`md5(${t.objectValue})`)
      .where(sql`${t.objectValue} is not null`),
  ],
);

/** Which documents support which facts, with where in the document and how confidently. */
export const tripleSource = pgTable(
  'triple_source',
  {
    // Both references are checked per statement, like triple's.
    tripleId: bigint('triple_id', { mode: 'number' }).notNull(),
    documentId: bigint('document_id', { mode: 'number' }).notNull(),
    spanStart: integer('span_start'),
    spanEnd: integer('span_end'),
    confidence: real().notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tripleId, t.documentId] }),
    index('triple_source_document').on(t.documentId),
    check('triple_source_span', sql`${t.spanStart} is null or ${t.spanEnd} >= ${t.spanStart}`),
    check('triple_source_confidence_range', sql`${t.confidence} > 0 and ${t.confidence} <= 1`),
  ],
);

/**
 * Derived, not facts: the other names search matches by trigram (alias and handle literals), kept
 * by statement-level triggers on triple (drizzle/0022_bounded_search.sql), so that their trigram
 * index covers these few facts rather than every literal. Its trigram index is in that migration.
 */
export const searchAlias = pgTable('search_alias', {
  // The alias or handle fact; its row goes when the fact is retracted.
  tripleId: bigint('triple_id', { mode: 'number' }).primaryKey(),
  nodeId: bigint('node_id', { mode: 'number' }).notNull(),
  /** The node's kind, so that search filters by kind before it ranks. */
  kind: text().notNull(),
  value: text().notNull(),
  folded: text().generatedAlwaysAs(sql`talkgraph_fold(value)`),
});

/**
 * Derived, not facts: each talk's words (Postgres "english" lexemes of its title and abstract) with
 * their counts, refreshed whenever a document changes the talk. Related talks compare these.
 */
export const talkTerm = pgTable(
  'talk_term',
  {
    // Written only from talk nodes; deleted with the talk by a statement-level trigger.
    talkId: bigint('talk_id', { mode: 'number' }).notNull(),
    term: text().notNull(),
    /** 1 + ln(occurrences): repeated words count, with diminishing returns. */
    weight: real().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.talkId, t.term] }),
    // Covering, heaviest users of a word first: related talks take a word's strongest candidates
    // from the index's first entries, without visiting the table.
    index('talk_term_term_weight').on(t.term, t.weight.desc(), t.talkId),
  ],
);

/**
 * How many talks use each term (document frequency), kept exact by triggers on talk_term
 * (drizzle/0005_term_frequency_triggers.sql). The empty term counts the talks that have terms.
 */
export const termFrequency = pgTable(
  'term_frequency',
  {
    term: text().primaryKey(),
    talks: integer().notNull(),
  },
  (t) => [check('term_frequency_not_negative', sql`${t.talks} >= 0`)],
);

/**
 * How many facts with each predicate point at each node (a topic's talks, a speaker's talks, an
 * organization's members), kept exact by triggers on triple (drizzle/0014_edge_count_triggers.sql)
 * so that ranking and path search read a count instead of counting thousands of index entries.
 */
export const edgeCount = pgTable(
  'edge_count',
  {
    objectId: bigint('object_id', { mode: 'number' }).notNull(),
    predicateId: smallint('predicate_id').notNull(),
    facts: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.objectId, t.predicateId] }),
    check('edge_count_not_negative', sql`${t.facts} >= 0`),
  ],
);

/**
 * Derived, not facts: each talk's most related talks (src/graph/related-talks.ts), best first, with
 * their scores and reasons, so that Talk.relatedTalks is a lookup (src/store/related-talk-lists.ts).
 * A row whose state is not 0 is out of date and answered by the live ranking until recomputed.
 */
export const relatedTalkList = pgTable(
  'related_talk_list',
  {
    // A talk node's id; a row left by a deleted talk is removed by the next refresh.
    talkId: bigint('talk_id', { mode: 'number' }).primaryKey(),
    /** The related talks' ids, most related first. */
    related: bigint({ mode: 'number' }).array().notNull().default(sql`'{}'`),
    /** Their scores, in the same order. */
    scores: doublePrecision().array().notNull().default(sql`'{}'`),
    /** Their reasons (arrays of {kind, weight, via}), in the same order. */
    reasons: jsonb().notNull().default(sql`'[]'::jsonb`),
    /** How many talks the graph had when the list was computed (rarities depend on it). */
    talks: integer().notNull().default(0),
    /** 0 up to date, 1 it names a talk that changed since, 2 the talk's own facts changed since. */
    state: smallint().notNull().default(2),
    /** The transaction that last marked it out of date: a refresh that did not see it keeps the mark. */
    markedBy: xid8('marked_by'),
  },
  (t) => [
    // Which lists name a talk: the lists to mark when that talk changes.
    index('related_talk_list_related').using('gin', t.related),
  ],
);

/**
 * API tokens (docs/curation.md): a name, one scope, and the SHA-256 of the secret; the secret
 * itself is shown once, when the token is created, and never stored.
 */
export const apiToken = pgTable(
  'api_token',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull().unique(),
    scope: text().notNull(),
    /** SHA-256 of the secret, hex. */
    hash: text().notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    check('api_token_scope', sql`${t.scope} in ('ingest', 'curate', 'admin')`),
    check('api_token_hash_format', sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * The audit trail: one row per mutation that changed the graph, with who (the token's name), what
 * and the entities it touched, and what they looked like before and after.
 */
export const change = pgTable(
  'change',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actor: text().notNull(),
    operation: text().notNull(),
    /** Node ids the change touched (some may be gone since). */
    entities: bigint({ mode: 'number' }).array().notNull().default(sql`'{}'`),
    note: text(),
    before: jsonb(),
    after: jsonb(),
  },
  (t) => [index('change_entities').using('gin', t.entities)],
);

/** Facts people asserted (assertFact, addAlias, setTopicTags, merges): the curation layer's sources. */
export const tripleCuration = pgTable(
  'triple_curation',
  {
    tripleId: bigint('triple_id', { mode: 'number' }).notNull(),
    changeId: bigint('change_id', { mode: 'number' })
      .notNull()
      .references(() => change.id),
  },
  (t) => [primaryKey({ columns: [t.tripleId, t.changeId] }), index('triple_curation_change').on(t.changeId)],
);

/** Facts people retracted: kept out of the graph whatever a document says, until asserted again. */
export const retraction = pgTable(
  'retraction',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    subjectId: bigint('subject_id', { mode: 'number' }).notNull(),
    predicateId: smallint('predicate_id').notNull(),
    objectId: bigint('object_id', { mode: 'number' }),
    objectValue: text('object_value'),
    changeId: bigint('change_id', { mode: 'number' })
      .notNull()
      .references(() => change.id),
  },
  (t) => [
    check('retraction_object_xor_value', sql`(${t.objectId} is null) <> (${t.objectValue} is null)`),
    uniqueIndex('retraction_spo_node')
      .on(t.subjectId, t.predicateId, t.objectId)
      .where(sql`${t.objectId} is not null`),
    uniqueIndex('retraction_spo_literal')
      .on(t.subjectId, t.predicateId, sql`md5(${t.objectValue})`)
      .where(sql`${t.objectValue} is not null`),
  ],
);

/**
 * Entities merged into another: the old id keeps resolving to the survivor, and a document that
 * names the old entity (its kind and slug) adds to the survivor instead of bringing it back.
 */
export const mergedEntity = pgTable(
  'merged_entity',
  {
    id: bigint({ mode: 'number' }).primaryKey(),
    kind: text().notNull(),
    slug: text().notNull(),
    label: text().notNull(),
    intoId: bigint('into_id', { mode: 'number' }).notNull(),
    changeId: bigint('change_id', { mode: 'number' })
      .notNull()
      .references(() => change.id),
  },
  (t) => [
    uniqueIndex('merged_entity_kind_slug').on(t.kind, t.slug),
    index('merged_entity_into').on(t.intoId),
  ],
);

/** Labels people chose (renameEntity): a document's later title for the entity does not replace it. */
export const curatedLabel = pgTable('curated_label', {
  nodeId: bigint('node_id', { mode: 'number' }).primaryKey(),
  label: text().notNull(),
  changeId: bigint('change_id', { mode: 'number' })
    .notNull()
    .references(() => change.id),
});
