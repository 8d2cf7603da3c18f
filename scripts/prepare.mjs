// npm's prepare step: compile src/ into dist/ when TypeScript is installed. An install without the
// development tools (npm ci --omit=dev, as docker-compose.yml does) has no compiler; bin/talkgraph.js
// then runs src/ through tsx, so the install still works, only its start is slower.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

let compiler;
try {
  compiler = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.log('talkgraph: TypeScript is not installed; the command will run src/ through tsx');
  process.exit(0);
}
const result = spawnSync(process.execPath, [compiler, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
