// Results of pure per-word functions, kept: documents repeat their words, and tokenizing, folding
// and classifying words are the readers' hot paths. Bounded: past `limit` entries the cache starts
// afresh rather than growing with every distinct word of a long ingest.

export function memoize<T>(compute: (key: string) => T, limit: number): (key: string) => T {
  const cache = new Map<string, T>();
  return (key: string) => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = compute(key);
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
    return value;
  };
}
