// Which meaning an ambiguous vocabulary term has in one talk: "migrations" beside a schema and
// Postgres are database migrations, beside AWS and a data centre cloud migrations. Each sense is a
// topic of its own (vocabulary.ts compiles them), so that talks meet only on the same meaning.
// The evidence is the talk's own text: the vocabulary's cue phrases for a sense, and the vocabulary
// entries it names that belong under the sense's wider topic (Postgres → databases).
import type { Sense, VocabularyEntry } from './vocabulary.js';

/** What a talk's text offers to tell senses apart. */
export interface SenseContext {
  /** Every word's phraseKey with its last letters singular, in order ("schema", "table", …). */
  keys: readonly string[];
  /** The vocabulary entries the text names (each hit once, by position). */
  hits: readonly { entry: VocabularyEntry; from: number; to: number }[];
}

/** A cue or a related entry in the text counts; a related entry counts this much more than a word. */
const entryWeight = 2;

/**
 * The sense of `entry` (an ambiguous term found at words from..to) that the text supports best, or
 * null when the text gives no sense an edge: then the tag stays the term itself.
 */
export function chooseSense(
  entry: VocabularyEntry,
  at: { from: number; to: number },
  context: SenseContext,
): Sense | null {
  let best: Sense | null = null;
  let bestScore = 0;
  let tied = false;
  // Phrases are matched on the words joined once; a padded string finds whole words only.
  const joined = ` ${context.keys.join(' ')} `;
  for (const sense of entry.senses) {
    let score = 0;
    for (const cue of sense.cues) {
      if (!joined.includes(` ${cue} `)) continue;
      score++;
    }
    for (const hit of context.hits) {
      if (hit.from === at.from && hit.to === at.to) continue;
      if (sense.family.has(hit.entry)) score += entryWeight;
    }
    if (score > bestScore) {
      best = sense;
      bestScore = score;
      tied = false;
    } else if (score === bestScore && score > 0) tied = true;
  }
  return tied ? null : best;
}
