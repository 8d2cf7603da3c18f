// The seed documents live outside the project (third-party text), in ../shared/seeds beside the checkout.
// A user's clone has no ../shared: the tests that read it are gated with `sharedAvailable`
// (`describe.runIf(sharedAvailable)`), and `setup` — vitest's global setup, see vitest.config.ts —
// prints one notice naming them. CI sets TALKGRAPH_REQUIRE_SHARED=1, which makes a missing
// ../shared an error instead, so that those tests cannot silently stop running there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const sharedDir = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const seedsDir = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));

/** Whether the seeds are there to test against. */
export const sharedAvailable = existsSync(seedsDir);

/** The seed whose file name starts with `prefix` ("000" is the talk listing, "001" the event recap). */
export function readSeed(prefix: string): { name: string; path: string; text: string } {
  if (!sharedAvailable) {
    throw new Error(
      `${seedsDir} does not exist: gate this test with sharedAvailable (tests/support/seeds.ts)`,
    );
  }
  const name = readdirSync(seedsDir).find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no seed starting with ${prefix} in ${seedsDir}`);
  const path = seedsDir + name;
  return { name, path, text: readFileSync(path, 'utf8') };
}

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

const testsDir = fileURLToPath(new URL('../', import.meta.url));

/** The test files gated on the seeds, found by their use of `sharedAvailable`. */
function gatedTestFiles(folder = testsDir): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return gatedTestFiles(path);
      return entry.name.endsWith('.test.ts') && readFileSync(path, 'utf8').includes('sharedAvailable')
        ? [path]
        : [];
    })
    .sort();
}

/** Vitest's global setup: runs once per run, before any test file. */
export function setup(): void {
  if (sharedAvailable) return;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const files = gatedTestFiles().map((path) => relative(root, path));
  const why = `${seedsDir} does not exist (the seed documents are third-party text kept outside the project)`;
  if (process.env.TALKGRAPH_REQUIRE_SHARED === '1') {
    throw new Error(
      `TALKGRAPH_REQUIRE_SHARED=1 but ${why}: the seed tests in ${files.join(', ')} cannot run`,
    );
  }
  process.stderr.write(
    `\nnotice: ${why}, so the tests that read them were left out: ${files.join(', ')}.\n` +
      'Put the seeds in ../shared/seeds beside the checkout to run them (CI requires them).\n\n',
  );
}
