// The reading pool reports its worker's memory, which the server's metrics show apart from the
// serving thread's (a worker's heap is not in process.memoryUsage() of the thread that serves).
import { afterAll, describe, expect, it } from 'vitest';
import { decodeDocument } from '../../src/ingest/document-source.js';
import { createExtractPool } from '../../src/ingest/extract-pool.js';

describe('the reading pool', () => {
  const pool = createExtractPool({ threads: 1 });
  afterAll(() => pool.close());

  it('reports the memory of the worker that read the last document, once it has read one', async () => {
    expect(pool.readerMemory()).toBeNull();
    const text =
      '# Harbour Meetup 2025\n\n- **Reading on Threads** by Ada Lindqvist\n- **Heaps Apart** by Omar Haddad\n';
    const document = await pool.extract({
      source: decodeDocument('meetup.md', new TextEncoder().encode(text)),
    });
    expect(document.talks.map((t) => t.title)).toEqual(['Reading on Threads', 'Heaps Apart']);
    const memory = pool.readerMemory();
    // The worker holds the readers' models and tables: megabytes of its own heap.
    expect(memory?.heapUsed).toBeGreaterThan(1_000_000);
    expect(memory?.external).toBeGreaterThan(0);
  });
});
