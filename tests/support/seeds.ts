// The seed documents live outside the project (third-party text), in ../shared/seeds beside the checkout.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const seedsDir = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));

/** The seed whose file name starts with `prefix` ("000" is the talk listing, "001" the event recap). */
export function readSeed(prefix: string): { name: string; path: string; text: string } {
  const name = readdirSync(seedsDir).find((file) => file.startsWith(prefix));
  if (!name) throw new Error(`no seed starting with ${prefix} in ${seedsDir}`);
  const path = seedsDir + name;
  return { name, path, text: readFileSync(path, 'utf8') };
}

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
