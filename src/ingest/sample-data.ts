// The sample documents shipped in data/samples, loaded by `talkgraph start` into an empty database.
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';

export async function loadSampleData(store: Store, logger: Logger): Promise<void> {
  const [row] = await store.db.query<{ count: number }>('select count(*) as count from document');
  if ((row?.count ?? 0) > 0) return;
  logger.info('sample data: ingestion arrives with the ingest command');
}
