// The predicate rows, loaded once after migrating: queries send predicate ids, people use names.
import { TalkgraphError } from '../errors.js';
import type { Queryable } from './database.js';
import type { PredicateDefinition } from './ontology.js';

/** A predicate as stored: its definition and the id queries use. */
export interface Predicate extends PredicateDefinition {
  id: number;
}

export class PredicateRegistry {
  private readonly byName = new Map<string, Predicate>();
  private readonly byId = new Map<number, Predicate>();

  constructor(rows: readonly Predicate[]) {
    for (const row of rows) {
      this.byName.set(row.name, row);
      this.byId.set(row.id, row);
    }
  }

  static async load(q: Queryable): Promise<PredicateRegistry> {
    const rows = await q.query<Predicate>(
      `select id, name, label, description, subject_kind as "subjectKind", object_type as "objectType",
              object_kind as "objectKind"
         from predicate order by id`,
    );
    return new PredicateRegistry(rows);
  }

  all(): Predicate[] {
    return [...this.byId.values()];
  }

  find(name: string): Predicate | undefined {
    return this.byName.get(name);
  }

  /** The predicate called `name`; a BAD_USER_INPUT error listing the known names otherwise. */
  get(name: string): Predicate {
    const predicate = this.byName.get(name);
    if (!predicate) {
      const known = [...this.byName.keys()].join(', ');
      throw new TalkgraphError('BAD_USER_INPUT', `unknown predicate "${name}" (known: ${known})`);
    }
    return predicate;
  }

  byIdOrThrow(id: number): Predicate {
    const predicate = this.byId.get(id);
    if (!predicate) throw new Error(`predicate id ${id} is not in the registry`);
    return predicate;
  }
}
