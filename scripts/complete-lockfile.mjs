#!/usr/bin/env node
// npm records optional platform packages in package-lock.json only when the registry can describe
// them. Our registry lacks most of Biome's per-platform binaries, so after `npm install` the lock
// misses them and `npm ci` refuses it. This adds the missing entries (optional, with their os, cpu
// and libc, so npm skips them on every other platform). Run after changing dependencies:
//   npm install && node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;
const biome = packages['node_modules/@biomejs/biome'];
const platforms = {
  'cli-win32-x64': ['win32', 'x64'],
  'cli-win32-arm64': ['win32', 'arm64'],
  'cli-darwin-x64': ['darwin', 'x64'],
  'cli-darwin-arm64': ['darwin', 'arm64'],
  'cli-linux-x64': ['linux', 'x64', 'glibc'],
  'cli-linux-arm64': ['linux', 'arm64', 'glibc'],
  'cli-linux-x64-musl': ['linux', 'x64', 'musl'],
  'cli-linux-arm64-musl': ['linux', 'arm64', 'musl'],
  'cli-android-x64': ['android', 'x64'],
  'cli-android-arm64': ['android', 'arm64'],
};
const added = [];
for (const [name, [os, cpu, libc]] of Object.entries(platforms)) {
  const key = `node_modules/@biomejs/${name}`;
  if (!biome || packages[key]) continue;
  packages[key] = {
    version: biome.version,
    cpu: [cpu],
    dev: true,
    ...(libc ? { libc: [libc] } : {}),
    license: 'MIT OR Apache-2.0',
    optional: true,
    os: [os],
  };
  added.push(name);
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.join(', ')}` : 'the lock file was complete');
