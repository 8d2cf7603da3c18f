// The sample documents shipped in data/samples, loaded by `talkgraph start` into an empty database.
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { listSources } from './document-source.js';
import { extractSource } from './extract.js';
import { storeExtraction } from './ingest.js';

export const sampleDataDir = fileURLToPath(new URL('../../data/samples/', import.meta.url));

/** Ingests every sample document, each in its own transaction, unless the graph has documents already. */
export async function loadSampleData(store: Store, logger: Logger): Promise<void> {
  const [row] = await store.db.query<{ count: number }>('select count(*) as count from document');
  if ((row?.count ?? 0) > 0) return;
  // Named relative to data/, whatever the working directory: "samples/<file>".
  const sources = await listSources(['samples'], {
    cwd: fileURLToPath(new URL('../../data/', import.meta.url)),
  });
  let talks = 0;
  for (const entry of sources) {
    if ('error' in entry) throw entry.error;
    const source = await entry.read();
    const extracted = extractSource(source, {});
    const summary = await store.db.transaction((tx) =>
      storeExtraction(tx, store.predicates, source, extracted),
    );
    talks += summary.talks;
  }
  logger.info({ documents: sources.length, talks }, 'sample data loaded');
}
