// A size-limited least-recently-used map, for every cache keyed by query text (parsed documents,
// compiled operations): clients choose the texts, so a cache that keeps each one would grow with
// every new text a client sends. Eviction only costs a recompilation the next time a text comes.

/** Keeps the `max` most recently used entries; `get` and `set` both count as a use. */
export class QueryCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`QueryCache: max must be ≥ 1, got ${max}`);
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    // A Map iterates in insertion order: re-inserting moves the entry to the most recent end.
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }
}
