// The language of a talk's title and abstract, from its function words: enough to tell English
// from the other languages conference talks are commonly given in, and to stay silent (und) when a
// text is too short to say. Keyphrases are only extracted from English text.

export type Language = 'en' | 'de' | 'es' | 'fr' | 'it' | 'pt' | 'nl' | 'und';

/** Frequent function words of each language; single letters (Portuguese "a", Italian "e") are
 * left out, since they occur in English too. */
const functionWords: Record<Exclude<Language, 'und'>, Set<string>> = {
  en: new Set(
    'the and of to in is are for with on that this we how what why you your from our it be an by as not can'.split(
      ' ',
    ),
  ),
  de: new Set(
    'der die das und ist mit für von zu den dem des ein eine einer wir wie nicht auf auch im sich sind bei oder aus über nach wird werden'.split(
      ' ',
    ),
  ),
  es: new Set(
    'el la los las y de del en que con para por una un es son como se su sus al lo más pero nuestro sobre este esta cómo'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'le la les et de des du en un une est sont pour avec dans que qui sur nous comment au aux ce cette pas par plus'.split(
      ' ',
    ),
  ),
  it: new Set(
    'il lo la gli le di del della che con per una un è sono come nel nella dei delle su questo questa non anche'.split(
      ' ',
    ),
  ),
  pt: new Set(
    'os as de do da dos das em que com para por uma um é são como no na nos não mais sobre este esta'.split(
      ' ',
    ),
  ),
  nl: new Set(
    'de het een en van in is zijn met voor op dat die niet we hoe wat ook bij als naar uit over wordt'.split(
      ' ',
    ),
  ),
};
const languages = Object.keys(functionWords) as Exclude<Language, 'und'>[];
/** Each function word → the languages it belongs to, so a text is read word by word once. */
const languagesOfWord = new Map<string, Exclude<Language, 'und'>[]>();
for (const language of languages) {
  for (const word of functionWords[language])
    languagesOfWord.set(word, [...(languagesOfWord.get(word) ?? []), language]);
}

/** The most likely language of `text`; `und` when no function word of any language occurs. */
export function detectLanguage(text: string): Language {
  const counts = new Map<Language, number>();
  for (const match of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    for (const language of languagesOfWord.get(match[0]) ?? [])
      counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  let best: Language = 'und';
  let bestCount = 0;
  // English first: it wins ties, since technical terms borrowed from it are everywhere.
  for (const language of languages) {
    const count = counts.get(language) ?? 0;
    if (count > bestCount) {
      best = language;
      bestCount = count;
    }
  }
  return best;
}
