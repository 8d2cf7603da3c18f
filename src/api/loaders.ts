// Per-request batching: every field that reads the graph goes through a DataLoader created for this
// request, so sibling objects share one SQL statement per field and nothing is cached across requests.
import DataLoader from 'dataloader';
import type { NodeRow } from '../store/nodes.js';
import type { Store } from '../store/store.js';
import {
  countEdges,
  type Direction,
  type EdgeOrder,
  type EdgeRow,
  type FactsOf,
  loadEdgePages,
  loadEdges,
  loadFacts,
  loadNodes,
  loadTwoHopPages,
  type PageOf,
  type Slice,
} from '../store/traversal.js';

/** The first page of a list of incoming neighbours, asked for together with its parent node. */
export interface PageRequest {
  predicate: string;
  order: EdgeOrder;
  slice: Slice;
  /** What the fields below the list's nodes will read. */
  reads: readonly string[];
}

/** A two-hop walk named by its predicates: parent ←/→ middle ←/→ result. */
export interface Hop {
  first: [Direction, string];
  second: [Direction, string];
  excludeSelf?: boolean;
}

export class Loaders {
  private readonly byKey = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly store: Store) {}

  /** The loader registered under `key`, created on first use with `load`. */
  batch<K, V>(key: string, load: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.byKey.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      // No batch size cap: the cost limit already bounds how many keys one operation can reach.
      loader = new DataLoader<K, V>(load);
      this.byKey.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /**
   * Facts the fields below a batch will ask for, by loader key: gathered from every caller in the
   * batch, read in the batch's own statement, then served from the facts cache.
   */
  private readonly readsOf = new Map<string, Set<number>>();

  private reads(key: string, names: readonly string[]): void {
    if (names.length === 0) return;
    let set = this.readsOf.get(key);
    if (!set) {
      set = new Set();
      this.readsOf.set(key, set);
    }
    for (const name of names) set.add(this.store.predicates.get(name).id);
  }

  private takeReads(key: string): number[] {
    const set = this.readsOf.get(key);
    this.readsOf.delete(key);
    return set ? [...set] : [];
  }

  private prime(facts: Map<string, FactsOf>): void {
    const loader = this.factsLoader();
    for (const [key, of] of facts) loader.prime(key, of);
  }

  /** A node by id; `reads` names the predicates its fields will read (see readsBelow). */
  node(id: number, reads: readonly string[] = []): Promise<NodeRow | null> {
    this.reads('node', reads);
    return this.nodeLoader().load(id);
  }

  private nodeLoader(): DataLoader<number, NodeRow | null> {
    return this.batch<number, NodeRow | null>('node', async (ids) => {
      const { nodes, facts } = await loadNodes(this.store.db, ids, this.takeReads('node'));
      this.prime(facts);
      return ids.map((id) => nodes.get(id) ?? null);
    });
  }

  /**
   * A node by id together with the first page of a list below it (a topic and its talks), in one
   * statement; the page is then served to the list's own resolver from the cache.
   */
  nodeWithPage(id: number, reads: readonly string[], page: PageRequest): Promise<NodeRow | null> {
    const pageKey = this.edgePageKey('in', page.predicate, page.slice, page.order);
    const key = `node+${pageKey}`;
    this.reads(key, page.reads);
    this.reads(`${key}:parent`, reads);
    return this.batch<number, NodeRow | null>(key, async (ids) => {
      const predicateId = this.store.predicates.get(page.predicate).id;
      const { pages, parents, facts } = await loadEdgePages(
        this.store.db,
        'in',
        predicateId,
        ids,
        page.slice,
        page.order,
        this.takeReads(key),
        { reads: this.takeReads(`${key}:parent`) },
      );
      this.prime(facts);
      const pageLoader = this.edgePageLoader('in', page.predicate, page.slice, page.order);
      for (const id of ids) {
        pageLoader.prime(id, this.withTotal(pages.get(id) as PageOf<EdgeRow>, 'in', predicateId, id));
        this.nodeLoader().prime(id, parents.get(id) ?? null);
      }
      return ids.map((id) => parents.get(id) ?? null);
    }).load(id);
  }

  /** The objects of one subject and predicate; every pair asked for in the same tick is one statement. */
  private facts(subject: number, predicateId: number): Promise<FactsOf> {
    return this.factsLoader().load(`${subject}:${predicateId}`);
  }

  private factsLoader(): DataLoader<string, FactsOf> {
    return this.batch<string, FactsOf>('facts', async (keys) => {
      const pairs = keys.map((key) => {
        const [s, p] = key.split(':');
        return { subject: Number(s), predicateId: Number(p) };
      });
      const facts = await loadFacts(this.store.db, pairs);
      return keys.map((key) => facts.get(key) ?? { values: [], edges: [] });
    });
  }

  /** Literal values of a predicate for a subject, in stored order. */
  async literals(predicate: string, subject: number): Promise<string[]> {
    return (await this.facts(subject, this.store.predicates.get(predicate).id)).values;
  }

  async literal(predicate: string, subject: number): Promise<string | null> {
    return (await this.literals(predicate, subject))[0] ?? null;
  }

  /** Neighbours through any of `predicates` in one direction, with the edges' annotations. */
  async edges(direction: Direction, predicates: readonly string[], id: number): Promise<EdgeRow[]> {
    const predicateIds = predicates.map((name) => this.store.predicates.get(name).id);
    if (direction === 'out') {
      const facts = await Promise.all(predicateIds.map((predicateId) => this.facts(id, predicateId)));
      return facts.flatMap((f) => f.edges);
    }
    return this.batch<number, EdgeRow[]>(`edges:${direction}:${predicates.join(',')}`, async (ids) => {
      const edges = await loadEdges(this.store.db, direction, predicateIds, ids);
      return ids.map((id) => edges.get(id) ?? []);
    }).load(id);
  }

  /** One page of neighbours through `predicate`, batched across every parent asking the same page. */
  edgePage(
    direction: Direction,
    predicate: string,
    id: number,
    slice: Slice,
    order: EdgeOrder,
    reads: readonly string[] = [],
  ): Promise<PageOf<EdgeRow>> {
    this.reads(this.edgePageKey(direction, predicate, slice, order), reads);
    return this.edgePageLoader(direction, predicate, slice, order).load(id);
  }

  private edgePageKey(direction: Direction, predicate: string, slice: Slice, order: EdgeOrder): string {
    return `edgePage:${direction}:${predicate}:${order}:${slice.first}:${slice.offset}`;
  }

  private edgePageLoader(
    direction: Direction,
    predicate: string,
    slice: Slice,
    order: EdgeOrder,
  ): DataLoader<number, PageOf<EdgeRow>> {
    const predicateId = this.store.predicates.get(predicate).id;
    const key = this.edgePageKey(direction, predicate, slice, order);
    return this.batch<number, PageOf<EdgeRow>>(key, async (ids) => {
      const { pages, facts } = await loadEdgePages(
        this.store.db,
        direction,
        predicateId,
        ids,
        slice,
        order,
        this.takeReads(key),
      );
      this.prime(facts);
      return ids.map((id) => this.withTotal(pages.get(id) as PageOf<EdgeRow>, direction, predicateId, id));
    });
  }

  /** The page, its total counted only if a client asks for it. */
  private withTotal(page: PageOf<EdgeRow>, direction: Direction, predicateId: number, id: number) {
    page.totalCount = () => this.edgeCount(direction, predicateId, id);
    return page;
  }

  /** How many neighbours through `predicateId`; every count asked for in the same tick is one statement. */
  edgeCount(direction: Direction, predicateId: number, id: number): Promise<number> {
    return this.batch<number, number>(`edgeCount:${direction}:${predicateId}`, async (ids) => {
      const counts = await countEdges(this.store.db, direction, predicateId, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }).load(id);
  }

  /** One page of nodes two hops away, ranked by how many paths lead to them. */
  twoHopPage(hop: Hop, id: number, slice: Slice): Promise<PageOf<NodeRow & { weight: number }>> {
    const p = this.store.predicates;
    const key = `twoHop:${hop.first.join('.')}:${hop.second.join('.')}:${hop.excludeSelf}:${slice.first}:${slice.offset}`;
    return this.batch<number, PageOf<NodeRow & { weight: number }>>(key, async (ids) => {
      const result = await loadTwoHopPages(
        this.store.db,
        {
          first: { direction: hop.first[0], predicateId: p.get(hop.first[1]).id },
          second: { direction: hop.second[0], predicateId: p.get(hop.second[1]).id },
          excludeSelf: hop.excludeSelf,
        },
        ids,
        slice,
      );
      return ids.map((id) => result.get(id) as PageOf<NodeRow & { weight: number }>);
    }).load(id);
  }
}
