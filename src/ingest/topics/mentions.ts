// Named technologies, projects and organizations in a talk's text: what the vocabulary knows, plus
// names the text itself introduces ("Foo, a graph database written in Go", "the Bar project") and
// mixed-case product names ("TiDB", "NewSQL"). Topics are separate (topics.ts beside this file).
import { slugify } from '../../store/slug.js';
import type { Mention } from '../types.js';
import { defaultVocabulary, findVocabulary, lookup, type Vocabulary } from './vocabulary.js';
import { kindsOfThingPattern, words } from './words.js';

export interface MentionOptions {
  vocabulary?: Vocabulary;
  /** Person names never to report (the speakers'). */
  exclude?: readonly string[];
}

const name = String.raw`(\p{Lu}[\p{L}\p{N}.+#-]*[\p{L}\p{N}+#]|\p{Lu})`;
/** "Cayley, a graph database written in Go" / "Foo is an open-source library". */
const appositive = new RegExp(
  // The name starts a word: tried from inside one, it rescans the word at every letter (quadratic).
  String.raw`(?<![\p{L}\p{N}.+#-])${name},?\s+(?:is\s+)?(?:a|an)\s+(?:[\p{Ll}\p{N}-]+\s+){0,4}(?:${kindsOfThingPattern})\b`,
  'gu',
);
/** "the Vaultline project", "the Foo library". */
const definite = new RegExp(String.raw`\b[Tt]he\s+${name}\s+(?:${kindsOfThingPattern})\b`, 'gu');
/** Product names with inner capitals or digits: "TiDB", "NewSQL", "Neo4j", "eBPF". */
const mixedCase =
  /^(?:\p{Lu}?\p{Ll}+\p{Lu}[\p{L}\p{N}]*|\p{Lu}{2,}\p{Ll}{2}[\p{L}\p{N}]*|\p{Lu}[\p{Ll}]*\d[\p{L}\p{N}]*)$/u;

export function extractMentions(text: string, options: MentionOptions = {}): Mention[] {
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const excluded = new Set(
    (options.exclude ?? []).flatMap((n) => [n.toLowerCase(), ...n.toLowerCase().split(/\s+/)]),
  );
  const found = new Map<string, Mention>();
  const add = (mention: Mention) => {
    if (!mention.slug || excluded.has(mention.label.toLowerCase()) || found.has(mention.slug)) return;
    found.set(mention.slug, mention);
  };
  const list = words(text);
  for (const hit of findVocabulary(list, vocabulary)) {
    if (hit.entry.kind === 'topic') continue;
    const start = list[hit.from]?.start ?? 0;
    const end = list[hit.to]?.end ?? start;
    add({ label: hit.entry.label, slug: hit.entry.slug, kind: hit.entry.kind, span: { start, end } });
  }
  const introduce = (label: string, start: number) => {
    const trimmed = label.replace(/(?<![.,])[.,]+$/, '');
    if (trimmed.length < 2 || lookup(vocabulary, trimmed, ['topic'])) return;
    const known = lookup(vocabulary, trimmed, ['technology', 'organization']);
    add(
      known
        ? {
            label: known.label,
            slug: known.slug,
            kind: known.kind as Mention['kind'],
            span: { start, end: start + trimmed.length },
          }
        : {
            label: trimmed,
            slug: slugify(trimmed),
            kind: 'technology',
            span: { start, end: start + trimmed.length },
          },
    );
  };
  for (const pattern of [appositive, definite]) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      const label = m[1] as string;
      const at = m.index + m[0].indexOf(label);
      // A sentence's first word is capitalized anyway: only trust it when it is not an ordinary word.
      const sentenceStart =
        at === 0 || /[.!?]\s*$|(?<!\s)[^\S\n]*\n\s*$/.test(text.slice(Math.max(0, at - 3), at));
      if (sentenceStart && /^\p{Lu}\p{Ll}+$/u.test(label) && !/\p{Lu}.*\p{Lu}/u.test(label)) {
        const next = text.slice(at + label.length, at + label.length + 2);
        if (!next.startsWith(',')) continue; // "Foo, a library" names Foo even at a sentence's start
      }
      introduce(label, at);
    }
  }
  for (const word of list) {
    if (mixedCase.test(word.text) && !/^\p{Lu}\p{Ll}+\d+$/u.test(word.text)) introduce(word.text, word.start);
  }
  return [...found.values()];
}
