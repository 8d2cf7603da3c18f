// `npm run bench:schedule [-- --talks 1000] [--seed 1] [--runs 3] [--out DIR]`
// The requirement: a 1,000-talk pretalx or frab export ingests in under 5 s into the Postgres server.
// Generates one pretalx schedule JSON and one frab schedule XML of N synthetic talks
// (bench/gen-schedule.ts), then per export and run: a fresh database on the server (DATABASE_URL names
// the server), `talkgraph migrate`, the timed `talkgraph ingest FILE` (wall time, CPU time, peak RSS,
// the talks the graph then holds), the timed `talkgraph ingest --dry-run FILE` (reading and extraction
// alone) and a dry run of a one-talk export (start-up alone), and the database dropped. Prints the
// medians, split into start-up, extraction and writing, and writes DIR/results.json.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { generateSchedule } from './gen-schedule.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: {
    talks: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'bench/out/schedule' },
  },
});
const talks = Number(values.talks);
const seed = Number(values.seed);
const runs = Number(values.runs);
if (![talks, seed, runs].every(Number.isInteger) || talks < 1 || runs < 1) {
  process.stderr.write(
    'bench:schedule: --talks, --seed and --runs must be integers, --talks and --runs at least 1\n',
  );
  process.exit(2);
}
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl?.startsWith('postgres')) {
  process.stderr.write(
    'bench:schedule: set DATABASE_URL to a Postgres server, e.g. postgres://postgres@127.0.0.1:5432/postgres\n',
  );
  process.exit(2);
}
const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'bin/talkgraph.js');
const log = (line: string) => process.stderr.write(`bench:schedule: ${line}\n`);

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The process's peak resident set so far (VmHWM), in MB; 0 once it has gone. */
function peakRssMb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The process's CPU time so far, user and system, all its threads, in seconds (Linux ticks of 10 ms). */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

interface Run {
  code: number | null;
  seconds: number;
  /** CPU time of the command's process: on a shared machine, steadier than the wall time. */
  cpuSeconds: number;
  peakRssMb: number;
  output: string;
}

/** Runs the real command line in a child process, timing it from spawn to exit. */
function cli(args: string[], databaseUrl: string): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    });
    let output = '';
    let peak = 0;
    let cpu = 0;
    child.stdout.on('data', (chunk) => {
      // A dry run prints the whole extraction; only its size matters here.
      if (!args.includes('--dry-run')) output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const poll = setInterval(() => {
      peak = Math.max(peak, peakRssMb(child.pid));
      cpu = Math.max(cpu, cpuSeconds(child.pid));
    }, 20);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({
        code,
        seconds: (performance.now() - started) / 1000,
        cpuSeconds: round(cpu),
        peakRssMb: round(peak, 1),
        output,
      });
    });
  });
}

/** A database of its own on the server, dropped by the function returned. */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `talkgraph_schedule_bench_${process.pid}`;
  const admin = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl as string);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = postgres(serverUrl as string, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

async function talksStored(databaseUrl: string): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from node where kind = 'talk'`;
    return row?.n ?? 0;
  } finally {
    await sql.end();
  }
}

interface Measurement {
  run: number;
  migrateSeconds: number;
  ingestSeconds: number;
  ingestCpuSeconds: number;
  ingestPeakRssMb: number;
  talksStored: number;
  /** Reading and extraction alone. */
  dryRunSeconds: number;
  dryRunCpuSeconds: number;
  /** A dry run of a one-talk export of the same format: starting the command, loading the reader. */
  startupSeconds: number;
  startupCpuSeconds: number;
}

async function measure(file: string, oneTalkFile: string, run: number): Promise<Measurement> {
  const database = await freshDatabase();
  try {
    const ok = async (args: string[]) => {
      const result = await cli(args, database.url);
      if (result.code !== 0)
        throw new Error(`${args.join(' ')} exited with ${result.code}: ${result.output}`);
      return result;
    };
    const migrate = await ok(['migrate']);
    const ingest = await ok(['ingest', file]);
    const stored = await talksStored(database.url);
    const dryRun = await ok(['ingest', '--dry-run', file]);
    const startup = await ok(['ingest', '--dry-run', oneTalkFile]);
    return {
      run,
      migrateSeconds: round(migrate.seconds),
      ingestSeconds: round(ingest.seconds),
      ingestCpuSeconds: ingest.cpuSeconds,
      ingestPeakRssMb: ingest.peakRssMb,
      talksStored: stored,
      dryRunSeconds: round(dryRun.seconds),
      dryRunCpuSeconds: dryRun.cpuSeconds,
      startupSeconds: round(startup.seconds),
      startupCpuSeconds: startup.cpuSeconds,
    };
  } finally {
    await database.drop();
  }
}

const outDir = values.out as string;
const files = generateSchedule({ talks, seed, out: outDir });
const oneTalk = generateSchedule({ talks: 1, seed, out: join(outDir, 'one-talk') });
log(`${files.talks} talks and ${files.breaks} breaks over ${files.days} days in ${files.rooms} rooms`);
const loadBefore = os.loadavg();
const exports = [
  { name: 'pretalx schedule JSON', file: files.json, oneTalkFile: oneTalk.json },
  { name: 'frab schedule XML', file: files.xml, oneTalkFile: oneTalk.xml },
];
const results = [];
for (const { name, file, oneTalkFile } of exports) {
  const measurements: Measurement[] = [];
  for (let run = 1; run <= runs; run++) {
    const m = await measure(file, oneTalkFile, run);
    log(
      `${name}, run ${run}: ingest ${m.ingestSeconds} s (CPU ${m.ingestCpuSeconds} s, peak RSS ${m.ingestPeakRssMb} MB, ${m.talksStored} talks stored), dry run ${m.dryRunSeconds} s (CPU ${m.dryRunCpuSeconds} s), start-up ${m.startupSeconds} s (CPU ${m.startupCpuSeconds} s)`,
    );
    measurements.push(m);
  }
  const middle = (key: keyof Measurement) => median(measurements.map((m) => m[key]));
  results.push({
    export: name,
    file,
    bytes: readFileSync(file).length,
    median: {
      ingestSeconds: round(middle('ingestSeconds')),
      talksPerSecond: round(files.talks / middle('ingestSeconds'), 0),
      ingestCpuSeconds: round(middle('ingestCpuSeconds')),
      ingestPeakRssMb: middle('ingestPeakRssMb'),
      dryRunSeconds: round(middle('dryRunSeconds')),
      dryRunCpuSeconds: round(middle('dryRunCpuSeconds')),
      startupSeconds: round(middle('startupSeconds')),
      startupCpuSeconds: round(middle('startupCpuSeconds')),
      migrateSeconds: round(middle('migrateSeconds')),
      talksStored: middle('talksStored'),
    },
    runs: measurements,
  });
}
const summary = {
  date: new Date().toISOString(),
  command: `npm run bench:schedule -- --talks ${talks} --seed ${seed} --runs ${runs}`,
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${round(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}`,
  loadAverage: { before: loadBefore.map((n) => round(n)), after: os.loadavg().map((n) => round(n)) },
  talks: files.talks,
  breaks: files.breaks,
  results,
};
writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);

// Where the time goes: start-up (a one-talk dry run), reading and extraction (the dry run beyond
// start-up), and writing (the ingest beyond the dry run).
const rows = results.map(({ export: name, median: m }) => [
  name,
  String(m.ingestSeconds),
  String(m.talksPerSecond),
  String(m.ingestCpuSeconds),
  String(m.ingestPeakRssMb),
  String(m.startupSeconds),
  String(round(m.dryRunSeconds - m.startupSeconds)),
  String(round(m.ingestSeconds - m.dryRunSeconds)),
  String(m.talksStored),
]);
const header = [
  'export',
  'ingest s',
  'talks/s',
  'CPU s',
  'peak RSS MB',
  'start-up s',
  'extraction s',
  'write s',
  'talks stored',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
process.stdout.write(
  `${[
    `${files.talks} talks, medians of ${runs} run${runs > 1 ? 's' : ''} (${summary.machine}; load average ${summary.loadAverage.before.join(' ')} before, ${summary.loadAverage.after.join(' ')} after)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n')}\n`,
);
