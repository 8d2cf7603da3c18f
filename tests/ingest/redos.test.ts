// Every regular expression in src/ runs in time linear in its input (issue 23, item 7). The
// TypeScript compiler finds them all: literals, and RegExps built from constants (String.raw
// templates with `${...}` of other constants, in the same module or imported, joined arrays, other
// patterns' `.source`, string literal types). A RegExp computed from data when its module loads is
// read by loading that module with the RegExp constructor watched. recheck, a ReDoS checker, runs on
// each pattern with its pure-JavaScript backend (no native binary, no Java, nothing downloaded). The
// test fails naming file:line and the attack string of every vulnerable pattern, and every pattern
// it could not resolve or decide that the short lists below do not explain.
//
// A pattern whose every repetition is bounded is linear by construction and is not sent to the
// checker. recheck's verdicts are kept in redos-verdicts.json beside this file, by exact pattern,
// flags, recheck version and parameters: a verdict is a function of those, and the checker's
// JavaScript backend needs seconds to minutes for a large pattern (about ten minutes for all of
// src/ on two cores), so only new or changed patterns are checked, on two threads. Commit the file
// when the test changes it; entries no pattern uses are dropped.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Where a site is: its file, and the constant, function or method it is written in. */
interface Owner {
  file: string;
  owner: string;
}

/** RegExps built from values that are not constants, safe for the reason given. */
const unresolvedButSafe: (Owner & { why: string })[] = [
  {
    file: 'src/cli/eval.ts',
    owner: 'globToRegExp',
    why: 'the operator’s own --only/--exclude glob, matched against the file names of a folder they chose',
  },
];

/** Patterns recheck could not decide within its time budget, safe for the reason given. */
const undecidedButSafe: (Owner & { why: string })[] = [
  {
    file: 'src/ingest/people/affiliations.ts',
    owner: 'employment',
    why: 'anchored; the subject ends on a non-space before the verb, so each run of spaces is crossed once per verb; the role is at most 60 characters and the organization at most five words',
  },
];

/**
 * TODO(issue 23): patterns found vulnerable (or not decided) in files being rewritten
 * (src/ingest/records/, src/ingest/people/names.ts) or that this change could not touch
 * (evaluation.ts, affiliation-words.ts, training/). An entry excuses the patterns of that constant
 * or function only: a new one elsewhere fails, and an entry with none left fails until it is removed.
 * Empty when issue 23 closes.
 */
const awaitingRewrite: Owner[] = [];

/** A pattern as RegExp takes it. */
interface Pattern {
  source: string;
  flags: string;
}

/** A place in src/ that makes a regular expression. */
interface Site extends Owner {
  line: number;
  /** The expression as written (first line), for messages. */
  text: string;
  /** Every pattern the expression can make; null when they are not all constants. */
  patterns: Pattern[] | null;
}

class RegexValue implements Pattern {
  constructor(
    readonly source: string,
    readonly flags: string,
  ) {}
}
type Constant = string | number | RegexValue | Constant[];

/** Expressions with more possible values than this are not enumerated. */
const maxAlternatives = 64;

/** The constant values an expression can have, or null when some are not known constants. */
function constantsOf(
  checker: ts.TypeChecker,
  node: ts.Expression,
  seen = new Set<ts.Node>(),
): Constant[] | null {
  const of = (n: ts.Expression) => constantsOf(checker, n, seen);
  const combine = (parts: (Constant[] | null)[], join: (values: Constant[]) => Constant | null) => {
    let results: Constant[][] = [[]];
    for (const part of parts) {
      if (part === null) return null;
      results = results.flatMap((prefix) => part.map((value) => [...prefix, value]));
      if (results.length > maxAlternatives) return null;
    }
    const joined = results.map(join);
    return joined.every((v) => v !== null) ? (joined as Constant[]) : null;
  };
  const text = (values: Constant[]) =>
    values.every((v) => typeof v === 'string' || typeof v === 'number') ? values.join('') : null;

  const syntactic = ((): Constant[] | null => {
    if (ts.isStringLiteralLike(node)) return [node.text];
    if (ts.isNumericLiteral(node)) return [Number(node.text)];
    if (ts.isRegularExpressionLiteral(node)) {
      const slash = node.text.lastIndexOf('/');
      return [new RegexValue(node.text.slice(1, slash), node.text.slice(slash + 1))];
    }
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isTypeAssertionExpression(node)
    )
      return of(node.expression);
    if (ts.isTemplateExpression(node)) {
      const parts: (Constant[] | null)[] = [[node.head.text]];
      for (const span of node.templateSpans) parts.push(of(span.expression), [span.literal.text]);
      return combine(parts, text);
    }
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'String.raw') {
      const template = node.template;
      const raw = (literal: ts.TemplateLiteralLikeNode) => literal.rawText ?? literal.text;
      if (ts.isNoSubstitutionTemplateLiteral(template)) return [raw(template)];
      const parts: (Constant[] | null)[] = [[raw(template.head)]];
      for (const span of template.templateSpans) parts.push(of(span.expression), [raw(span.literal)]);
      return combine(parts, text);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
      return combine([of(node.left), of(node.right)], text);
    if (ts.isConditionalExpression(node)) {
      const whenTrue = of(node.whenTrue);
      const whenFalse = of(node.whenFalse);
      return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : null;
    }
    if (ts.isArrayLiteralExpression(node)) {
      const parts = node.elements.map((element) =>
        ts.isSpreadElement(element)
          ? (of(element.expression)?.map((v) => (Array.isArray(v) ? v : null)) ?? null)
          : of(element),
      );
      return combine(parts as (Constant[] | null)[], (values) =>
        node.elements.some(ts.isSpreadElement)
          ? values.flatMap((v, i) => (ts.isSpreadElement(node.elements[i]!) ? (v as Constant[]) : [v]))
          : values,
      );
    }
    if (ts.isIdentifier(node)) {
      let symbol = checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const declaration = symbol?.valueDeclaration;
      if (
        declaration &&
        ts.isVariableDeclaration(declaration) &&
        declaration.initializer &&
        ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const &&
        !seen.has(declaration)
      ) {
        seen.add(declaration);
        const values = of(declaration.initializer);
        seen.delete(declaration);
        return values;
      }
      return null;
    }
    if (ts.isPropertyAccessExpression(node) && ['source', 'flags'].includes(node.name.text)) {
      const key = node.name.text as 'source' | 'flags';
      const regexes = of(node.expression);
      return regexes?.every((v) => v instanceof RegexValue)
        ? regexes.map((v) => (v as RegexValue)[key])
        : null;
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (method === 'join') {
        const separator = node.arguments[0] ? of(node.arguments[0]) : [','];
        return combine([of(node.expression.expression), separator], ([array, sep]) =>
          Array.isArray(array) && typeof sep === 'string' ? array.join(sep) : null,
        );
      }
    }
    if (isRegExpConstruction(node)) return patternsOf(checker, node, seen);
    return null;
  })();
  return syntactic ?? literalTypeValues(checker, node);
}

/** What a string or number literal type (or a union of them) allows: `prefix: 'r' | 'k'`. */
function literalTypeValues(checker: ts.TypeChecker, node: ts.Expression): Constant[] | null {
  const type = checker.getTypeAtLocation(node);
  const members = type.isUnion() ? type.types : [type];
  if (members.length > maxAlternatives) return null;
  const values: Constant[] = [];
  for (const member of members) {
    if (member.isStringLiteral() || member.isNumberLiteral()) values.push(member.value);
    else return null;
  }
  return values;
}

function isRegExpConstruction(node: ts.Node): node is ts.NewExpression | ts.CallExpression {
  if (!ts.isNewExpression(node) && !ts.isCallExpression(node)) return false;
  const callee = node.expression;
  return (
    (ts.isIdentifier(callee) && callee.text === 'RegExp') ||
    (ts.isPropertyAccessExpression(callee) &&
      callee.name.text === 'RegExp' &&
      callee.expression.getText() === 'globalThis')
  );
}

/** The patterns `new RegExp(pattern, flags)` can make, or null. */
function patternsOf(
  checker: ts.TypeChecker,
  node: ts.NewExpression | ts.CallExpression,
  seen: Set<ts.Node>,
): RegexValue[] | null {
  const [patternArgument, flagsArgument] = node.arguments ?? [];
  if (!patternArgument) return [new RegexValue('(?:)', '')];
  const patterns = constantsOf(checker, patternArgument, seen);
  const flags = flagsArgument ? constantsOf(checker, flagsArgument, seen) : [undefined];
  if (!patterns || !flags) return null;
  const made: RegexValue[] = [];
  for (const pattern of patterns) {
    for (const flag of flags) {
      if (flag !== undefined && typeof flag !== 'string') return null;
      if (pattern instanceof RegexValue) made.push(new RegexValue(pattern.source, flag ?? pattern.flags));
      else if (typeof pattern === 'string') made.push(new RegexValue(pattern, flag ?? ''));
      else return null;
    }
  }
  return made;
}

/** String methods that turn a string argument into a RegExp. */
const stringPatternMethods: Record<string, string> = { match: '', matchAll: 'g', search: '' };

function isStringLike(checker: ts.TypeChecker, node: ts.Expression): boolean {
  return (checker.getTypeAtLocation(node).flags & ts.TypeFlags.StringLike) !== 0;
}

/** Every place in `files` that makes a regular expression, with the patterns it can make. */
function regexSites(program: ts.Program, files: readonly string[]): Site[] {
  const checker = program.getTypeChecker();
  const sites: Site[] = [];
  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) throw new Error(`${file} is not in the program`);
    const site = (node: ts.Node, patterns: Pattern[] | null) =>
      sites.push({
        file: relative(root, file),
        owner: ownerOf(node),
        line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1,
        text: node.getText(sourceFile).split('\n')[0] as string,
        patterns,
      });
    const visit = (node: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(node)) site(node, constantsOf(checker, node) as RegexValue[]);
      else if (isRegExpConstruction(node)) site(node, patternsOf(checker, node, new Set()));
      else if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        Object.hasOwn(stringPatternMethods, node.expression.name.text) &&
        node.arguments[0] &&
        isStringLike(checker, node.expression.expression) &&
        isStringLike(checker, node.arguments[0])
      ) {
        const flags = stringPatternMethods[node.expression.name.text] as string;
        const values = constantsOf(checker, node.arguments[0]);
        site(
          node,
          values?.every((v) => typeof v === 'string') ? values.map((source) => ({ source, flags })) : null,
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return sites;
}

/**
 * What a node is written in: the top-level constant or function holding it ('Class.method' in a
 * class), or '' for a statement of the module itself.
 */
function ownerOf(node: ts.Node): string {
  let at = node;
  while (at.parent && !ts.isSourceFile(at.parent)) at = at.parent;
  const named = (n: ts.Node | undefined) =>
    n && 'name' in n && n.name && ts.isIdentifier(n.name as ts.Node) ? (n.name as ts.Identifier).text : '';
  if (ts.isVariableStatement(at)) {
    const declaration = at.declarationList.declarations.find((d) => d.pos <= node.pos && node.end <= d.end);
    return named(declaration);
  }
  if (ts.isClassDeclaration(at)) {
    const member = at.members.find((m) => m.pos <= node.pos && node.end <= m.end);
    return member && named(member) ? `${named(at)}.${named(member)}` : named(at);
  }
  return named(at);
}

/**
 * Whether every repetition in a pattern is bounded (no `*`, `+` or `{n,}`): then a match attempt
 * explores a bounded number of paths, so a search is linear whatever the checker would take to
 * show it (patterns of many `{1,200}` make its automata too large to build in time).
 */
function boundedRepetitionOnly(source: string): boolean {
  for (let i = 0, inClass = false; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '*' || c === '+') return false;
    else if (c === '{' && /^\{\d+,\}/.test(source.slice(i))) return false;
  }
  return true;
}

function typescriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function programOf(files: readonly string[]): ts.Program {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return ts.createProgram(files, { ...options, noEmit: true });
}

/**
 * The patterns RegExp constructions made while `files` loaded, by `file:line` of the construction:
 * what a pattern computed from data (a list of cities) is.
 */
async function patternsMadeLoading(files: readonly string[]): Promise<Map<string, Pattern[]>> {
  const made = new Map<string, Pattern[]>();
  const Original = globalThis.RegExp;
  const record = (args: unknown[]) => {
    const regex = Reflect.construct(Original, args) as RegExp;
    for (const frame of new Error().stack?.split('\n').slice(1) ?? []) {
      const at = /(\/[^\s()]+\.ts):(\d+):\d+/.exec(frame);
      if (!at?.[1]?.startsWith(join(root, 'src'))) continue;
      const key = `${relative(root, at[1])}:${at[2]}`;
      made.set(key, [...(made.get(key) ?? []), { source: regex.source, flags: regex.flags }]);
      break;
    }
  };
  globalThis.RegExp = new Proxy(Original, {
    construct(target, args, newTarget) {
      record(args);
      return Reflect.construct(target, args, newTarget);
    },
    apply(target, self, args) {
      record(args);
      return Reflect.apply(target, self, args);
    },
  });
  try {
    for (const file of files) await import(file);
  } finally {
    globalThis.RegExp = Original;
  }
  return made;
}

/** What recheck says of a pattern, trimmed to what the messages need (it crosses a thread). */
interface Verdict {
  status: 'safe' | 'vulnerable' | 'unknown';
  /** For "unknown": the time budget, in milliseconds, it was not decided within. */
  budget?: number;
  complexity?: string;
  attack?: string;
  error?: string;
}

/**
 * recheck's parameters. Its time limits inside a check are off, so that a busy machine cannot change
 * what the fuzzer tries or pass a slow attack for a successful one; its step limits bound the work
 * instead (an attack counts after 10^8 steps: a quadratic pattern reaches that on its attack
 * string, a linear one never). So a verdict does not depend on the machine, only whether it comes
 * within the whole check's time budget: past it the verdict is "unknown", which fails unless
 * undecidedButSafe explains it.
 */
const checkParameters = {
  timeout: 180_000,
  attackTimeout: null,
  incubationTimeout: null,
  seedingTimeout: null,
  recallTimeout: -1,
  attackLimit: 100_000_000,
};

/**
 * The verdicts file: valid for one version of recheck and one set of parameters, the budget aside
 * (an "unknown" verdict records its own, and is tried again under a larger one).
 */
const verdictsFile = join(import.meta.dirname, 'redos-verdicts.json');
interface VerdictsFile {
  checker: string;
  parameters: Omit<typeof checkParameters, 'timeout'>;
  verdicts: Record<string, Verdict>;
}
const { timeout: budget, ...verdictParameters } = checkParameters;

function checkerVersion(): string {
  const manifest = createRequire(import.meta.url).resolve('recheck/package.json');
  return `recheck@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
}

function readVerdicts(checker: string): Map<string, Verdict> {
  try {
    const kept = JSON.parse(readFileSync(verdictsFile, 'utf8')) as VerdictsFile;
    if (kept.checker !== checker || JSON.stringify(kept.parameters) !== JSON.stringify(verdictParameters))
      return new Map();
    return new Map(
      Object.entries(kept.verdicts).filter(([, v]) => v.status !== 'unknown' || (v.budget ?? 0) >= budget),
    );
  } catch {
    return new Map();
  }
}

/** recheck on `threads` worker threads, each with the pure-JavaScript backend. */
async function checkPatterns(patterns: readonly Pattern[], threads: number): Promise<Verdict[]> {
  const recheck = createRequire(import.meta.url).resolve('recheck');
  const code = `
    const { parentPort } = require('node:worker_threads');
    const { check } = require(${JSON.stringify(recheck)});
    parentPort.on('message', async ({ index, source, flags, parameters }) => {
      const d = await check(source, flags, parameters);
      parentPort.postMessage({
        index,
        status: d.status,
        complexity: d.complexity && d.complexity.summary,
        attack: d.attack && d.attack.pattern,
        error: d.error && (d.error.message ? d.error.kind + ': ' + d.error.message : d.error.kind),
      });
    });`;
  const verdicts: Verdict[] = new Array(patterns.length);
  let next = 0;
  const run = (worker: Worker) =>
    new Promise<void>((done, fail) => {
      const send = () => {
        if (next >= patterns.length) return done();
        const index = next++;
        worker.postMessage({ index, ...patterns[index], parameters: checkParameters });
      };
      worker.on('message', ({ index, ...verdict }: Verdict & { index: number }) => {
        verdicts[index] = verdict;
        send();
      });
      worker.on('error', fail);
      send();
    });
  const workers = Array.from(
    { length: threads },
    // RECHECK_BACKEND=pure: recheck's own JavaScript, in this thread; its default would start the
    // native binary or Java when it finds one.
    () => new Worker(code, { eval: true, env: { ...process.env, RECHECK_BACKEND: 'pure' } }),
  );
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return verdicts;
}

const shown = (p: Pattern) =>
  `/${p.source.length > 120 ? `${p.source.slice(0, 117)}...` : p.source}/${p.flags}`;
const keyOf = (p: Pattern) => `/${p.source}/${p.flags}`;
const sameOwner = (a: Owner) => (b: Owner) => a.file === b.file && a.owner === b.owner;

describe('regular expressions in src/', () => {
  let sites: Site[] = [];
  let verdicts = new Map<string, Verdict>();

  beforeAll(async () => {
    const files = typescriptFiles(join(root, 'src'));
    sites = regexSites(programOf(files), files);
    // Patterns computed when their module loads: read by loading the module.
    const pending = sites.filter((s) => s.patterns === null);
    const modules = [...new Set(pending.map((s) => join(root, s.file)))];
    const made = await patternsMadeLoading(modules).catch(() => new Map<string, Pattern[]>());
    for (const s of pending) s.patterns = made.get(`${s.file}:${s.line}`) ?? null;

    const checker = checkerVersion();
    const kept = readVerdicts(checker);
    const used = new Map<string, Pattern>();
    for (const s of sites) for (const p of s.patterns ?? []) used.set(keyOf(p), p);
    const bounded = [...used.values()].filter((p) => boundedRepetitionOnly(p.source));
    for (const p of bounded) used.delete(keyOf(p));
    const unchecked = [...used.values()].filter((p) => !kept.has(keyOf(p)));
    const threads = Math.max(1, Math.min(2, availableParallelism()));
    const found = await checkPatterns(unchecked, threads);
    verdicts = new Map([...used.keys()].flatMap((k) => (kept.has(k) ? [[k, kept.get(k) as Verdict]] : [])));
    for (const [i, p] of unchecked.entries()) {
      const verdict = found[i] as Verdict;
      verdicts.set(keyOf(p), verdict.status === 'unknown' ? { ...verdict, budget } : verdict);
    }
    if (unchecked.length > 0 || kept.size !== verdicts.size) {
      const sorted = Object.fromEntries([...verdicts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const file: VerdictsFile = { checker, parameters: verdictParameters, verdicts: sorted };
      writeFileSync(verdictsFile, `${JSON.stringify(file, null, 2)}\n`);
    }
    for (const p of bounded) verdicts.set(keyOf(p), { status: 'safe', complexity: 'bounded repetition' });
  }, 3_600_000);

  it('finds them all: literals and RegExps built from constants, in this module and others', () => {
    expect(sites.length).toBeGreaterThan(300);
    const at = (file: string, owner: string) =>
      sites.filter((s) => s.file === file && s.owner === owner).flatMap((s) => s.patterns ?? []);
    // String.raw templates of constants, one of them imported.
    expect(at('src/ingest/people/affiliations.ts', 'worksAt')[0]?.source).toMatch(
      /^\^\(\?<subject>.*\(\(\?:\\p\{Lu\}\|\\d\)/,
    );
    // A parameter whose type allows two values makes two patterns.
    expect(at('src/api/pagination.ts', 'decodeCursor').map((p) => p.source)).toEqual([
      '^r:(\\d{1,15})$',
      '^k:(\\d{1,15})$',
    ]);
  });

  it('each runs in time linear in its input, or a list above says why not yet', () => {
    const problems: string[] = [];
    const stillAwaiting = new Set<Owner>();
    for (const site of sites) {
      const where = `${site.file}:${site.line} (${site.owner || 'top level'})`;
      if (site.patterns === null) {
        if (!unresolvedButSafe.some(sameOwner(site)))
          problems.push(
            `${where}: ${site.text} is not built from constants; make it so, or say why it is safe`,
          );
        continue;
      }
      for (const pattern of site.patterns) {
        const verdict = verdicts.get(keyOf(pattern));
        if (verdict?.status === 'safe') continue;
        if (verdict?.status === 'unknown' && undecidedButSafe.some(sameOwner(site))) continue;
        const awaiting = awaitingRewrite.find(sameOwner(site));
        if (awaiting) stillAwaiting.add(awaiting);
        else if (verdict?.status === 'vulnerable')
          problems.push(`${where}: ${shown(pattern)} is ${verdict.complexity}; attack: ${verdict.attack}`);
        else
          problems.push(
            `${where}: ${shown(pattern)} could not be checked (${verdict?.error ?? 'no verdict'})`,
          );
      }
    }
    for (const entry of awaitingRewrite)
      if (!stillAwaiting.has(entry))
        problems.push(
          `${entry.file} (${entry.owner}) has nothing left to excuse: remove it from awaitingRewrite`,
        );
    expect(problems).toEqual([]);
  });
});
