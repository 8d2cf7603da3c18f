// A migrated PGlite folder made once per test run (vitest's global setup, see vitest.config.ts).
// Creating a PGlite database and running every migration costs about 5 s of one core; copying a
// folder that went through them costs a few milliseconds. Tests of migrations themselves ask
// createTestDatabase for an empty database instead (tests/support/databases.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openStore } from '../../src/store/store.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated PGlite folder that test databases start as a copy of. */
    pgliteTemplate: string;
  }
}

export async function setup(project: TestProject): Promise<() => void> {
  const parent = mkdtempSync(join(tmpdir(), 'talkgraph-test-template-'));
  const folder = join(parent, 'db');
  const store = await openStore({ backend: 'pglite', dataDir: folder });
  await store.close();
  project.provide('pgliteTemplate', folder);
  return () => rmSync(parent, { recursive: true, force: true });
}
