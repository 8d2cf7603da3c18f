// The curation mutations (docs/curation.md): addAlias, renameEntity, setTopicTags, assertFact,
// retractFact, mergeEntities and splitEntity. Each takes one input and returns a payload with what it
// changed and `userErrors`; each runs in one transaction with its audit-trail record (runMutation).
import {
  assertCuratedFacts,
  checkFact,
  type FactRef,
  findNodes,
  kindsAndEvents,
  renameNode,
  retractCuratedFact,
} from '../../store/curation.js';
import type { Queryable } from '../../store/database.js';
import { mergeNodes, mergeTarget, splitNode } from '../../store/merge.js';
import type { NodeRow } from '../../store/nodes.js';
import { upsertNodes } from '../../store/nodes.js';
import { slugify } from '../../store/slug.js';
import { loadTriple, type TripleRow } from '../../store/traversal.js';
import { builder, type Context } from '../builder.js';
import { typenameOf } from '../field-reads.js';
import {
  InputProblem,
  inputId,
  type MutationWork,
  onInputField,
  runMutation,
  UserError,
} from '../mutation.js';
import { Talk } from '../refs.js';
import { Entity, Triple } from './entity.js';

/** Longest label, alias, topic name or note a curator may write. */
const maxTextLength = 500;

/**
 * The node an input id names, read in the mutation's transaction (locked against concurrent
 * changes): an id merged into another names the survivor. Problems are userErrors on `field`.
 */
async function nodeForInput(tx: Queryable, id: string, field: string[], kind?: string): Promise<NodeRow> {
  const decoded = inputId(id, field);
  const [row] = await tx.query<NodeRow>(
    `select id, kind, slug, label from node
      where id = coalesce((select into_id from merged_entity where id = $1), $1) for update`,
    [decoded.id],
  );
  // A survivor has the kind of what was merged into it: its type is the id's in either case.
  if (!row || typenameOf(row) !== decoded.typename) {
    throw new InputProblem(field, `no ${decoded.typename.toLowerCase()} has the id "${id}"`, 'NOT_FOUND');
  }
  if (kind && row.kind !== kind) {
    throw new InputProblem(field, `"${id}" is a ${row.kind}, not a ${kind}`);
  }
  return row;
}

function text(value: string, field: string[], what: string): string {
  const trimmed = value.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new InputProblem(field, `${what} must not be blank`);
  if (trimmed.length > maxTextLength)
    throw new InputProblem(field, `${what} is longer than ${maxTextLength} characters`);
  return trimmed;
}

function note(value: string | null | undefined): string | null {
  if (value == null || value.trim() === '') return null;
  if (value.length > 2000)
    throw new InputProblem(['input', 'note'], 'the note is longer than 2000 characters');
  return value.trim();
}

/** A payload: the entity the mutation changed (null when it failed) and its userErrors. */
function payload<Shape>(
  name: string,
  description: string,
  fields: (t: PayloadFieldBuilder<Shape>) => object,
) {
  return builder
    .objectRef<Shape & { userErrors: { field: string[]; message: string; code: string }[] }>(name)
    .implement({
      description,
      fields: (t) => ({
        ...(fields(t as never) as object),
        userErrors: t.field({
          type: [UserError],
          description: 'Why nothing was changed; empty when the mutation succeeded.',
          resolve: (p) => p.userErrors,
        }),
      }),
    });
}
// biome-ignore lint/suspicious/noExplicitAny: Pothos's field builder, typed by the payload's shape
type PayloadFieldBuilder<_Shape> = any;

interface EntityPayloadShape {
  entity: NodeRow | null;
}

const entityPayload = (name: string, description: string) =>
  payload<EntityPayloadShape>(name, description, (t) => ({
    entity: t.field({
      type: Entity,
      nullable: true,
      description: 'The entity as it is now.',
      resolve: (p: EntityPayloadShape) => p.entity,
    }),
  }));

async function outcome<T extends object>(
  ctx: Context,
  operation: string,
  work: (m: MutationWork) => Promise<T>,
  empty: T,
): Promise<T & { userErrors: { field: string[]; message: string; code: string }[] }> {
  const { result, userErrors } = await runMutation(ctx, operation, work);
  return { ...(result ?? empty), userErrors };
}

/** Tells subscribers which entities changed, of which kinds, at which events. */
async function announceChange(m: MutationWork, ctx: Context, changeId: number, ids: readonly number[]) {
  const { kinds, events } = await kindsAndEvents(m.tx, ctx.store.predicates, ids);
  m.announce({ changeId, ids: [...new Set(ids)], kinds, events });
}

// ---- addAlias -------------------------------------------------------------------------------------

const AddAliasInput = builder.inputType('AddAliasInput', {
  description: 'What addAlias needs: the entity and its other name.',
  fields: (t) => ({
    entity: t.id({ required: true, description: 'The entity (any kind but Document).' }),
    alias: t.string({ required: true, description: 'Another name for it.' }),
    note: t.string({ required: false, description: 'Why, for the audit trail.' }),
  }),
});

builder.mutationField('addAlias', (t) =>
  t.field({
    type: entityPayload('AddAliasPayload', 'The entity with its new alias.'),
    authScopes: { curate: true },
    description: 'Adds another name for an entity: search finds it by that name, and it outlives re-ingests.',
    args: { input: t.arg({ type: AddAliasInput, required: true, description: 'The entity and the alias.' }) },
    resolve: (_root, { input }, ctx) =>
      outcome<EntityPayloadShape>(
        ctx,
        'addAlias',
        async (m) => {
          const entity = await nodeForInput(m.tx, String(input.entity), ['input', 'entity']);
          if (entity.kind === 'document')
            throw new InputProblem(['input', 'entity'], 'documents have no aliases');
          const alias = text(input.alias, ['input', 'alias'], 'the alias');
          const changeId = await m.record({
            entities: [entity.id],
            note: note(input.note),
            after: { alias },
          });
          await assertCuratedFacts(m.tx, ctx.store.predicates, changeId, [
            { subject: entity.id, predicate: 'alias', object: { value: alias } },
          ]);
          await announceChange(m, ctx, changeId, [entity.id]);
          return { entity };
        },
        { entity: null },
      ),
  }),
);

// ---- renameEntity ---------------------------------------------------------------------------------

const RenameEntityInput = builder.inputType('RenameEntityInput', {
  description: 'What renameEntity needs: the entity and its new label.',
  fields: (t) => ({
    entity: t.id({ required: true, description: 'The entity.' }),
    label: t.string({
      required: true,
      description: 'Its new display name (a talk’s title, a person’s name).',
    }),
    keepOldAsAlias: t.boolean({
      required: false,
      description: 'Keep the old label as an alias, so search still finds it (default true).',
    }),
    note: t.string({ required: false, description: 'Why, for the audit trail.' }),
  }),
});

builder.mutationField('renameEntity', (t) =>
  t.field({
    type: entityPayload('RenameEntityPayload', 'The renamed entity.'),
    authScopes: { curate: true },
    description:
      'Changes how an entity is displayed. Its id and slug stay; a document’s later label for it does not replace this one.',
    args: { input: t.arg({ type: RenameEntityInput, required: true, description: 'What to change.' }) },
    resolve: (_root, { input }, ctx) =>
      outcome<EntityPayloadShape>(
        ctx,
        'renameEntity',
        async (m) => {
          const entity = await nodeForInput(m.tx, String(input.entity), ['input', 'entity']);
          if (entity.kind === 'document')
            throw new InputProblem(['input', 'entity'], 'a document is named by its ingest name');
          const label = text(input.label, ['input', 'label'], 'the label');
          const changeId = await m.record({
            entities: [entity.id],
            note: note(input.note),
            before: { label: entity.label },
            after: { label },
          });
          await renameNode(m.tx, ctx.store.predicates, changeId, entity.id, label);
          if (input.keepOldAsAlias !== false && entity.label !== label) {
            await assertCuratedFacts(m.tx, ctx.store.predicates, changeId, [
              { subject: entity.id, predicate: 'alias', object: { value: entity.label } },
            ]);
          }
          await announceChange(m, ctx, changeId, [entity.id]);
          return { entity: { ...entity, label } };
        },
        { entity: null },
      ),
  }),
);

// ---- setTopicTags ---------------------------------------------------------------------------------

const SetTopicTagsInput = builder.inputType('SetTopicTagsInput', {
  description: 'What setTopicTags needs: the talk and the topics to add and to remove.',
  fields: (t) => ({
    talk: t.id({ required: true, description: 'The talk.' }),
    add: t.stringList({
      required: false,
      description: 'Topic names to tag it with (new topics are created).',
    }),
    remove: t.stringList({ required: false, description: 'Topic names to untag; kept off on re-ingest.' }),
    note: t.string({ required: false, description: 'Why, for the audit trail.' }),
  }),
});

interface TalkPayloadShape {
  talk: NodeRow | null;
}

builder.mutationField('setTopicTags', (t) =>
  t.field({
    type: payload<TalkPayloadShape>(
      'SetTopicTagsPayload',
      'The talk with its topics as they are now.',
      (p) => ({
        talk: p.field({
          type: Talk,
          nullable: true,
          description: 'The talk.',
          resolve: (s: TalkPayloadShape) => s.talk,
        }),
      }),
    ),
    authScopes: { curate: true },
    description:
      'Tags a talk with topics and untags others. Removed topics stay removed when its documents are ingested again.',
    args: { input: t.arg({ type: SetTopicTagsInput, required: true, description: 'What to change.' }) },
    resolve: (_root, { input }, ctx) =>
      outcome<TalkPayloadShape>(
        ctx,
        'setTopicTags',
        async (m) => {
          const talk = await nodeForInput(m.tx, String(input.talk), ['input', 'talk'], 'talk');
          const names = (list: readonly string[] | null | undefined, field: string) =>
            (list ?? []).map((name, i) => {
              const label = text(name, ['input', field, String(i)], 'a topic name');
              const slug = slugify(label);
              if (!slug)
                throw new InputProblem(['input', field, String(i)], `"${name}" has no letters or digits`);
              return { kind: 'topic', slug, label };
            });
          const add = names(input.add, 'add');
          const remove = names(input.remove, 'remove');
          if (add.length === 0 && remove.length === 0)
            throw new InputProblem(['input'], 'give topics to add or to remove');
          const both = add.find((a) => remove.some((r) => r.slug === a.slug));
          if (both) throw new InputProblem(['input', 'remove'], `"${both.label}" is both added and removed`);
          const changeId = await m.record({
            entities: [talk.id],
            note: note(input.note),
            after: { add: add.map((a) => a.label), remove: remove.map((r) => r.label) },
          });
          const added = await upsertNodes(m.tx, add);
          await assertCuratedFacts(
            m.tx,
            ctx.store.predicates,
            changeId,
            [...added.values()].map((topic) => ({
              subject: talk.id,
              predicate: 'has_topic',
              object: { node: topic },
            })),
          );
          const removedTopics = await m.tx.query<{ id: number }>(
            `select id from node where kind = 'topic' and slug = any($1::text[])`,
            [remove.map((r) => r.slug)],
          );
          for (const topic of removedTopics) {
            await retractCuratedFact(m.tx, ctx.store.predicates, changeId, {
              subject: talk.id,
              predicate: 'has_topic',
              object: { node: topic.id },
            });
          }
          const topicIds = [...added.values(), ...removedTopics.map((r) => r.id)];
          await announceChange(m, ctx, changeId, [talk.id, ...topicIds]);
          return { talk };
        },
        { talk: null },
      ),
  }),
);

// ---- assertFact / retractFact ---------------------------------------------------------------------

const factFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) => ({
  subject: t.id({ required: true, description: 'What the fact is about.' }),
  predicate: t.string({ required: true, description: 'The relation (see `predicates`), e.g. "works_at".' }),
  object: t.id({ required: false, description: 'The object, when the predicate points at an entity.' }),
  value: t.string({ required: false, description: 'The object, when the predicate takes a value.' }),
  note: t.string({ required: false, description: 'Why, for the audit trail.' }),
});

const AssertFactInput = builder.inputType('AssertFactInput', {
  description: 'A fact to state: subject, predicate, and an object entity or a value.',
  fields: (t) => ({
    ...factFields(t),
    qualifier: t.string({ required: false, description: 'A refinement, e.g. the role for works_at.' }),
  }),
});
const RetractFactInput = builder.inputType('RetractFactInput', {
  description: 'A fact to retract: subject, predicate, and an object entity or a value.',
  fields: (t) => factFields(t),
});

/** The fact an input names, checked against the ontology; problems are userErrors on its fields. */
async function factForInput(
  m: MutationWork,
  ctx: Context,
  input: {
    subject: string | number;
    predicate: string;
    object?: string | number | null;
    value?: string | null;
  },
): Promise<{ fact: FactRef; nodes: NodeRow[] }> {
  if ((input.object == null) === (input.value == null))
    throw new InputProblem(['input'], 'give exactly one of object and value');
  const predicate = ctx.store.predicates.find(input.predicate);
  if (!predicate) {
    const known = ctx.store.predicates
      .all()
      .map((p) => p.name)
      .join(', ');
    throw new InputProblem(
      ['input', 'predicate'],
      `unknown predicate "${input.predicate}" (known: ${known})`,
    );
  }
  const subject = await nodeForInput(m.tx, String(input.subject), ['input', 'subject']);
  const object =
    input.object == null ? null : await nodeForInput(m.tx, String(input.object), ['input', 'object']);
  const fact: FactRef = {
    subject: subject.id,
    predicate: predicate.name,
    object: object ? { node: object.id } : { value: String(input.value) },
  };
  const nodes = object ? [subject, object] : [subject];
  await onInputField(['input', object ? 'object' : 'value'], () =>
    checkFact(ctx.store.predicates, fact, new Map(nodes.map((n) => [n.id, n]))),
  );
  if (subject.kind === 'document' || object?.kind === 'document')
    throw new InputProblem(['input'], 'facts about documents are what ingestion records, not curated');
  return { fact, nodes };
}

interface FactPayloadShape {
  triple: TripleRow | null;
}

builder.mutationField('assertFact', (t) =>
  t.field({
    type: payload<FactPayloadShape>('AssertFactPayload', 'The fact as stored.', (p) => ({
      triple: p.field({
        type: Triple,
        nullable: true,
        description: 'The fact; its sources list this curation.',
        resolve: (s: FactPayloadShape) => s.triple,
      }),
    })),
    authScopes: { curate: true },
    description:
      'States a fact the documents miss, for any predicate the ontology allows. It stays when documents that also state it are removed, and lifts an earlier retraction.',
    args: { input: t.arg({ type: AssertFactInput, required: true, description: 'What to change.' }) },
    resolve: (_root, { input }, ctx) =>
      outcome<FactPayloadShape>(
        ctx,
        'assertFact',
        async (m) => {
          const { fact, nodes } = await factForInput(m, ctx, input);
          const qualifier =
            input.qualifier == null ? null : text(input.qualifier, ['input', 'qualifier'], 'the qualifier');
          const changeId = await m.record({
            entities: nodes.map((n) => n.id),
            note: note(input.note),
            after: { predicate: fact.predicate, ...fact.object, subject: fact.subject, qualifier },
          });
          // The literal's type (an integer, a date) is checked where facts are stored.
          const [id] = await onInputField(['input', 'value'], () =>
            assertCuratedFacts(m.tx, ctx.store.predicates, changeId, [{ ...fact, qualifier }]),
          );
          const triple = await loadTriple(m.tx, id as number);
          await announceChange(
            m,
            ctx,
            changeId,
            nodes.map((n) => n.id),
          );
          return { triple: triple ?? null };
        },
        { triple: null },
      ),
  }),
);

interface RetractPayloadShape {
  removed: boolean;
  subject: NodeRow | null;
}

builder.mutationField('retractFact', (t) =>
  t.field({
    type: payload<RetractPayloadShape>('RetractFactPayload', 'What the retraction removed.', (p) => ({
      removed: p.boolean({
        description: 'The graph held the fact and no longer does (false: it was kept out in advance).',
        resolve: (s: RetractPayloadShape) => s.removed,
      }),
      subject: p.field({
        type: Entity,
        nullable: true,
        description: 'The fact’s subject, as it is now (null when nothing else was said of it).',
        resolve: (s: RetractPayloadShape) => s.subject,
      }),
    })),
    authScopes: { curate: true },
    description:
      'Says a fact is wrong: it goes, whichever documents state it, and stays out when they are ingested again.',
    args: { input: t.arg({ type: RetractFactInput, required: true, description: 'What to change.' }) },
    resolve: (_root, { input }, ctx) =>
      outcome<RetractPayloadShape>(
        ctx,
        'retractFact',
        async (m) => {
          const { fact, nodes } = await factForInput(m, ctx, input);
          const changeId = await m.record({ entities: nodes.map((n) => n.id), note: note(input.note) });
          const removed = await retractCuratedFact(m.tx, ctx.store.predicates, changeId, fact);
          const [subject] = [...(await findNodes(m.tx, [fact.subject])).values()];
          await announceChange(
            m,
            ctx,
            changeId,
            nodes.map((n) => n.id),
          );
          return { removed: removed !== null, subject: subject ?? null };
        },
        { removed: false, subject: null },
      ),
  }),
);

// ---- mergeEntities / splitEntity --------------------------------------------------------------------

const MergeEntitiesInput = builder.inputType('MergeEntitiesInput', {
  description: 'What mergeEntities needs: the survivor and the entities that become it.',
  fields: (t) => ({
    into: t.id({ required: true, description: 'The entity that stays.' }),
    from: t.idList({
      required: true,
      description: 'Entities of the same kind that become it (their ids keep resolving to it).',
    }),
    note: t.string({ required: false, description: 'Why, for the audit trail.' }),
  }),
});

builder.mutationField('mergeEntities', (t) =>
  t.field({
    type: entityPayload('MergeEntitiesPayload', 'The surviving entity.'),
    authScopes: { curate: true },
    description:
      'Makes several entities of one kind one (two spellings of a speaker, a talk listed twice): their facts move to `into`, their names become its aliases, and their ids resolve to it. Documents that name them later add to `into`. `splitEntity` undoes it.',
    args: { input: t.arg({ type: MergeEntitiesInput, required: true, description: 'What to change.' }) },
    resolve: (_root, { input }, ctx) =>
      outcome<EntityPayloadShape>(
        ctx,
        'mergeEntities',
        async (m) => {
          if (input.from.length === 0)
            throw new InputProblem(['input', 'from'], 'name at least one entity to merge');
          if (input.from.length > 100)
            throw new InputProblem(['input', 'from'], 'merge at most 100 entities at once');
          const into = inputId(input.into, ['input', 'into']).id;
          const from = input.from.map((id, i) => inputId(id, ['input', 'from', String(i)]).id);
          const changeId = await m.record({ entities: [into, ...from], note: note(input.note) });
          // What is wrong with the survivor is said of `into`; the rest concerns `from`.
          await onInputField(['input', 'into'], () => mergeTarget(m.tx, into));
          const merged = await onInputField(['input', 'from'], () =>
            mergeNodes(m.tx, ctx.store.predicates, changeId, into, from),
          );
          await announceChange(m, ctx, changeId, [merged.survivor.id, ...from, ...merged.touched]);
          return { entity: merged.survivor };
        },
        { entity: null },
      ),
  }),
);

const SplitEntityInput = builder.inputType('SplitEntityInput', {
  description: 'What splitEntity needs: the id a merged entity had.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The id the entity had before it was merged.' }),
    note: t.string({ required: false, description: 'Why, for the audit trail.' }),
  }),
});

interface SplitPayloadShape {
  entity: NodeRow | null;
  from: NodeRow | null;
}

builder.mutationField('splitEntity', (t) =>
  t.field({
    type: payload<SplitPayloadShape>(
      'SplitEntityPayload',
      'The entity restored, and the one it had been merged into.',
      (p) => ({
        entity: p.field({
          type: Entity,
          nullable: true,
          description: 'The entity, again on its own, with its old id.',
          resolve: (s: SplitPayloadShape) => s.entity,
        }),
        from: p.field({
          type: Entity,
          nullable: true,
          description: 'The entity it had been merged into.',
          resolve: (s: SplitPayloadShape) => s.from,
        }),
      }),
    ),
    authScopes: { curate: true },
    description:
      'Undoes a merge: the entity comes back with its id, label and the facts it brought (those its sources still state), and the alias the merge added goes.',
    args: { input: t.arg({ type: SplitEntityInput, required: true, description: 'What to change.' }) },
    resolve: (_root, { input }, ctx) =>
      outcome<SplitPayloadShape>(
        ctx,
        'splitEntity',
        async (m) => {
          const { id } = inputId(input.id, ['input', 'id']);
          const changeId = await m.record({ entities: [id], note: note(input.note) });
          const split = await onInputField(['input', 'id'], () =>
            splitNode(m.tx, ctx.store.predicates, changeId, id),
          );
          await announceChange(m, ctx, changeId, [split.restored.id, split.survivor.id, ...split.touched]);
          return { entity: split.restored, from: split.survivor };
        },
        { entity: null, from: null },
      ),
  }),
);
