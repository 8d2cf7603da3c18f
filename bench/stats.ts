// Summaries the benchmark scripts share: the median of repeated runs, and the generated part of
// docs/benchmarks.md, rendered from each size's bench/results-<talks>.json (bench/run.ts).

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}
export type Measured = LoadResult & { rssMb: number };

/**
 * The ways the same API requests are sent in one run: `plain` (content-type only, the way every
 * figure before them was measured), `client` (the headers GraphQL client libraries send) and
 * `browser` (a cross-origin page's fetch).
 */
export const wayNames = ['plain', 'client', 'browser'] as const;
export type WayName = (typeof wayNames)[number];
/** One set of request headers a way sends, and who sends it. */
export interface HeaderSet {
  sender: string;
  headers: Record<string, string>;
}

/** What `renderReport` reads of a results file (older files lack the later parts). */
export interface Results {
  date: string;
  command: string;
  machine: Record<string, unknown>;
  postgres: string;
  talks: number;
  runs: number;
  durationSeconds: number;
  connections: number;
  ingest?: Record<string, number>;
  api?: Record<string, Measured & { statements: number }>;
  /** The API queries sent the other ways, in the same run as `api` (the plain way). */
  ways?: Partial<Record<Exclude<WayName, 'plain'>, Record<string, Measured>>>;
  requestHeaders?: Partial<Record<WayName, HeaderSet[]>>;
  /** Origins the measured server allowed (CORS_ORIGINS). */
  corsOrigins?: string;
  oneClient?: Record<string, LoadResult>;
  raw?: Record<string, LoadResult>;
  transport?: Record<string, Measured>;
  pglite?: {
    coldStartMs: number;
    warmStartMs: number;
    seeds?: PgliteSet;
    corpus?: PgliteSet;
  };
}

export const pgliteQueries = ['Q1', 'Q2', 'Q3', 'Q4'] as const;
export type PgliteSet = { talks: number; ingestSeconds: number; ingestPeakRssMb: number } & Record<
  (typeof pgliteQueries)[number],
  Measured
>;

/** Where the generated part of docs/benchmarks.md ends: hand-written findings below it survive each run. */
export const notesMarker = '<!-- findings: kept across runs -->';

/** The generated part of docs/benchmarks.md: one section per size, smallest first. */
export function renderBenchmarks(sizes: Results[]): string {
  const sorted = [...sizes].sort((a, b) => a.talks - b.talks);
  return ['# Benchmarks', '', ...sorted.map(renderReport)].join('\n');
}

const percent = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

/** What the one-client table calls each query it may hold. */
const oneClientNames: Record<string, string> = {
  Q4: 'related-talks (Q4)',
  Q5: 'search (Q5)',
  Q6: 'path (Q6)',
};

const listed = (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export function renderReport(r: Results): string {
  const lines = [
    `## ${r.talks.toLocaleString('en')} talks`,
    '',
    `Measured ${r.date.slice(0, 10)} with \`${r.command}\` on ${r.machine.cpus}, ${r.machine.memoryGb} GiB, ${r.machine.os}, Node ${r.machine.node}, PostgreSQL ${r.postgres}. Load generator, server and database share the machine. Figures are medians of ${r.runs} runs of ${r.durationSeconds} s at ${r.connections} connections, over ${r.talks.toLocaleString('en')} synthetic talks (\`npm run gen\`).`,
    '',
  ];
  if (r.ingest) {
    lines.push(
      '### Ingest',
      '',
      '| talks/s | triples/s | seconds | triples | peak RSS |',
      '|---|---|---|---|---|',
    );
    lines.push(
      `| ${r.ingest.talksPerSecond} | ${r.ingest.triplesPerSecond} | ${r.ingest.seconds} | ${r.ingest.triples} | ${r.ingest.peakRssMb} MB |`,
      '',
    );
  }
  if (r.api) {
    lines.push(
      '### API over HTTP',
      '',
      '| query | req/s | p50 ms | p99 ms | errors | SQL statements/request | raw SQL req/s | API / raw | server RSS |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const [name, m] of Object.entries(r.api)) {
      const raw = r.raw?.[name];
      const ratio = raw ? percent(m.rps, raw.rps) : '—';
      lines.push(
        `| ${name} | ${m.rps} | ${m.p50} | ${m.p99} | ${m.errors} | ${m.statements} | ${raw?.rps ?? '—'} | ${ratio} | ${m.rssMb} MB |`,
      );
    }
    const ceiling = r.api.ceiling?.rps;
    if (ceiling && r.api.Q1)
      lines.push(
        '',
        `Q1 reaches ${percent(r.api.Q1.rps, ceiling)} of the transport ceiling (\`{ __typename }\`, ${ceiling} req/s).`,
      );
    if (ceiling && r.raw?.Q1 && r.raw.floor)
      lines.push(
        '',
        `The raw-SQL limit for Q1 is ${percent(r.raw.Q1.rps, ceiling)} of the ceiling; a statement that does nothing (\`select $1::int\`), through the same client at the same concurrency, runs at ${r.raw.floor.rps} req/s (${percent(r.raw.floor.rps, ceiling)} of the ceiling).`,
      );
    if (r.oneClient && Object.keys(r.oneClient).length > 0) {
      const names = Object.keys(r.oneClient).map((name) => oneClientNames[name] ?? name);
      lines.push(
        '',
        `The same ${listed(names)} requests from one client, so that latency is not queueing behind ${r.connections - 1} other connections:`,
        '',
        '| query | req/s | p50 ms | p99 ms | errors |',
        '|---|---|---|---|---|',
      );
      for (const [name, m] of Object.entries(r.oneClient))
        lines.push(`| ${name} | ${m.rps} | ${m.p50} | ${m.p99} | ${m.errors} |`);
    }
    lines.push('');
    if (r.ways) lines.push(...renderWays(r));
  }
  if (r.transport) {
    const t = r.transport;
    const row = (what: string, m?: Measured) =>
      m
        ? `| ${what} | ${m.rps} | ${m.p50} | ${m.p99} | ${m.errors} | ${m.rssMb} MB |`
        : `| ${what} | — | | | | |`;
    lines.push(
      '### Transport ceiling',
      '',
      'The same trivial query, `{ __typename }`, with no database work, in the same run:',
      '',
      '| server | req/s | p50 ms | p99 ms | errors | RSS |',
      '|---|---|---|---|---|---|',
      row(
        'graphql-js behind a bare `node:http` handler (`bench/plain-http.ts`: no limits, no masking)',
        t.plainHttp,
      ),
      row('Talkgraph through yoga’s Fetch-API adapter (`HTTP_FAST_PATH=off`, before)', t.yogaAdapter),
      row('Talkgraph with the JSON fast path (the default, after)', t.fastPath),
      '',
    );
  }
  if (r.pglite) {
    lines.push(
      '### Embedded default (PGlite)',
      '',
      '| cold start (empty folder → serving the sample data) | warm start |',
      '|---|---|',
    );
    lines.push(`| ${r.pglite.coldStartMs} ms | ${r.pglite.warmStartMs} ms |`, '');
    const sets = [
      ['the seeds', r.pglite.seeds],
      ['synthetic corpus', r.pglite.corpus],
    ] as const;
    if (sets.some(([, set]) => set)) {
      lines.push(
        'Latency from one client (PGlite runs one statement at a time), after ingesting through the CLI:',
        '',
        '| data | talks | ingest s | Q1 p50 / p99 ms | Q2 p50 / p99 ms | Q3 p50 / p99 ms | Q4 p50 / p99 ms | server RSS |',
        '|---|---|---|---|---|---|---|---|',
      );
      for (const [what, set] of sets) {
        if (!set) continue;
        const q = (name: (typeof pgliteQueries)[number]) => `${set[name].p50} / ${set[name].p99}`;
        const rss = Math.max(...pgliteQueries.map((name) => set[name].rssMb));
        lines.push(
          `| ${what} | ${set.talks} | ${set.ingestSeconds} | ${q('Q1')} | ${q('Q2')} | ${q('Q3')} | ${q('Q4')} | ${rss} MB |`,
        );
      }
      lines.push('');
    }
  }
  lines.push(
    `The raw numbers are in [\`bench/results-${r.talks}.json\`](../bench/results-${r.talks}.json).`,
    '',
  );
  return lines.join('\n');
}

/** Every API query the three ways, side by side, each against the plain figure and raw SQL. */
function renderWays(r: Results): string[] {
  const api = r.api ?? {};
  const ways = r.ways ?? {};
  const headers = r.requestHeaders ?? {};
  const byWay = (way: WayName, name: string): Measured | undefined =>
    way === 'plain' ? api[name] : ways[way]?.[name];
  const lines = [
    '### Three ways of sending the same requests',
    '',
    `Every API query above sent three ways in the same run, to the same server${r.corsOrigins ? ` (started with \`CORS_ORIGINS=${r.corsOrigins}\`)` : ''}, their runs interleaved: **plain**, the figures above; **clients**, the headers GraphQL client libraries send, one library after another request by request; **browser**, a page on another origin calling with \`fetch\`. The request bodies are the same. “/ plain” is the way’s req/s against the plain way’s; “/ raw” the way’s req/s against one hand-written SQL statement’s.`,
    '',
    '| query | plain req/s | p50 / p99 ms | clients req/s | p50 / p99 ms | / plain | browser req/s | p50 / p99 ms | / plain | / raw: plain · clients · browser | errors: plain · clients · browser |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const name of Object.keys(api)) {
    const plain = api[name] as Measured;
    const raw = r.raw?.[name];
    const cells = [name];
    for (const way of wayNames) {
      const m = byWay(way, name);
      cells.push(m ? String(m.rps) : '—', m ? `${m.p50} / ${m.p99}` : '—');
      if (way !== 'plain') cells.push(m ? percent(m.rps, plain.rps) : '—');
    }
    const ofRaw = wayNames.map((way) => {
      const m = byWay(way, name);
      return m && raw ? percent(m.rps, raw.rps) : '—';
    });
    cells.push(raw ? ofRaw.join(' · ') : '—');
    cells.push(wayNames.map((way) => byWay(way, name)?.errors ?? '—').join(' · '));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const described = wayNames.filter((way) => headers[way]?.length);
  if (described.length > 0) {
    lines.push('', 'The headers each way sent (besides `host`, `connection` and `content-length`):', '');
    for (const way of described)
      for (const set of headers[way] ?? [])
        lines.push(
          `- ${way}, ${set.sender}: ${Object.entries(set.headers)
            .map(([header, value]) => `\`${header}: ${value}\``)
            .join(', ')}`,
        );
  }
  lines.push('');
  return lines;
}
