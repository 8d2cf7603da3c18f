// How every mutation runs (docs/curation.md): the token's scope is checked by scope-auth before the
// resolver, then its rate, then the work runs in one transaction that also records the change in the
// audit trail; what it announces is published only after the commit. An expected failure of the
// input rolls everything back and comes back as a `userErrors` entry instead of a GraphQL error.
import { isTalkgraphError } from '../errors.js';
import { type ChangeInput, recordChange } from '../store/changes.js';
import { type Queryable, retryConflicts } from '../store/database.js';
import type { Actor } from '../store/tokens.js';
import { builder, type Context } from './builder.js';
import type { DocumentIngestedEvent, GraphChange } from './events.js';
import { decodeGlobalId } from './global-id.js';

export interface UserErrorShape {
  /** The input field at fault, as a path ("input", "from", "1"); empty when it is the whole input. */
  field: string[];
  message: string;
  code: string;
}

export const UserError = builder.objectRef<UserErrorShape>('UserError').implement({
  description: 'An expected failure of a mutation’s input. Nothing was changed.',
  fields: (t) => ({
    field: t.exposeStringList('field', {
      description:
        'The path of the input field at fault, e.g. ["input", "from", "1"]; empty for the whole input.',
    }),
    message: t.exposeString('message', { description: 'What is wrong, for people.' }),
    code: t.exposeString('code', {
      description: 'Stable, for programs: BAD_USER_INPUT, NOT_FOUND, CONFLICT, INGEST_REJECTED.',
    }),
  }),
});

/** A mutation's input is wrong: the transaction rolls back and the client gets a userErrors entry. */
export class InputProblem extends Error {
  constructor(
    readonly field: string[],
    message: string,
    readonly code: 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'INGEST_REJECTED' = 'BAD_USER_INPUT',
  ) {
    super(message);
    this.name = 'InputProblem';
  }
}

/** The node id a global id in the input names; a malformed id is a userError on `field`. */
export function inputId(id: string | number, field: string[]): { typename: string; id: number } {
  try {
    return decodeGlobalId(String(id));
  } catch {
    throw new InputProblem(field, `"${id}" is not a Talkgraph id`);
  }
}

/**
 * `work`, with the store's expected failures of the input (BAD_USER_INPUT, NOT_FOUND) as userErrors
 * on `field`: the store knows what is wrong, the mutation which input field it came from.
 */
export async function onInputField<T>(field: string[], work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isTalkgraphError(error) && (error.code === 'BAD_USER_INPUT' || error.code === 'NOT_FOUND'))
      throw new InputProblem(field, error.message, error.code);
    throw error;
  }
}

/** What a mutation's work gets: its transaction, who asks, and where to say what it changed. */
export interface MutationWork {
  tx: Queryable;
  actor: Actor;
  /** Records the change in the audit trail (same transaction); returns its id. */
  record(change: Omit<ChangeInput, 'actor' | 'operation'>): Promise<number>;
  /** Published to subscribers once the transaction has committed. */
  announce(change: Omit<GraphChange, 'operation'>): void;
  announceIngested(event: DocumentIngestedEvent): void;
}

export interface MutationOutcome<T> {
  result: T | null;
  userErrors: UserErrorShape[];
}

/**
 * Runs a mutation: token and rate checks, then `prepare` (work that needs no database, such as
 * reading a document, done before the transaction opens so that it holds no connection while it
 * runs: PGlite has only one), then `work` in one transaction. Input problems from either are
 * userErrors; events are published after the commit.
 */
export async function runMutation<T, P = undefined>(
  ctx: Context,
  operation: string,
  work: (m: MutationWork, prepared: P) => Promise<T>,
  prepare?: () => Promise<P>,
): Promise<MutationOutcome<T>> {
  const actor = await ctx.auth.actor();
  // scope-auth let the request through, so there is an actor; this keeps the types honest.
  if (!actor) throw new Error(`${operation} ran without a token`);
  await ctx.limitMutation(actor);
  let changes: GraphChange[] = [];
  let ingested: DocumentIngestedEvent[] = [];
  let result: T;
  try {
    const prepared = (await prepare?.()) as P;
    // A transaction that lost to a concurrent write runs again, announcing only what its last run did.
    result = await retryConflicts(() => {
      changes = [];
      ingested = [];
      return ctx.store.db.transaction((tx) =>
        work(
          {
            tx,
            actor,
            record: (change) => recordChange(tx, { ...change, actor: actor.name, operation }),
            announce: (change) => changes.push({ ...change, operation }),
            announceIngested: (event) => ingested.push(event),
          },
          prepared,
        ),
      );
    });
  } catch (error) {
    const problem = asInputProblem(error);
    if (problem) return { result: null, userErrors: [problem] };
    throw error;
  }
  // Lists the change marked are recomputed after the answer; until then talks are ranked live.
  if (changes.length > 0) ctx.refreshRelatedLists();
  for (const change of changes) ctx.events.publish('graphChanged', change);
  for (const event of ingested) ctx.events.publish('documentIngested', event);
  return { result, userErrors: [] };
}

/** Failures that are the input's fault; anything else stays a GraphQL error with its code. */
function asInputProblem(error: unknown): UserErrorShape | null {
  if (error instanceof InputProblem) return { field: error.field, message: error.message, code: error.code };
  if (isTalkgraphError(error) && ['BAD_USER_INPUT', 'NOT_FOUND', 'INGEST_REJECTED'].includes(error.code))
    return { field: [], message: error.message, code: error.code };
  return null;
}
