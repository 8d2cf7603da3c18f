// How a piscina worker thread loads a module beside its caller: compiled, as it is; as TypeScript (no
// build, or tests), through tsx's require hook given in the thread's own options: loader hooks
// registered in this thread do not reach it on Node 20, and piscina loads the module with require.
import { createRequire } from 'node:module';

/** The worker module `name` (without extension) in the folder of `caller` (its import.meta.url). */
export function workerModule(caller: string, name: string): { filename: string; execArgv: string[] } {
  const typescript = caller.endsWith('.ts');
  const filename = new URL(`./${name}.${typescript ? 'ts' : 'js'}`, caller).href;
  if (!typescript || process.execArgv.some((arg) => arg.includes('tsx'))) return { filename, execArgv: [] };
  return { filename, execArgv: ['--require', createRequire(caller).resolve('tsx/cjs')] };
}
