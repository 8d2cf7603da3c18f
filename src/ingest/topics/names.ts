// The words of a talk's text that name people, organizations or job titles: never part of a topic.
// People are the talk's speakers; organizations are its affiliations, names carrying a company
// suffix ("Acme GmbH", "Quill Labs") and the capitalized names after a role ("an engineer at Ferrous
// Systems"); job titles are runs ending in a role ("Principal Engineer", "Developer Advocate", "CEO").

import { isOrganizationWord, isRoleNoun, isRoleQualifier } from '../people/affiliation-words.js';
import type { PartOfSpeech } from './parts-of-speech.js';
import { phraseKey } from './vocabulary.js';
import { stopwords, type Word } from './words.js';

const capitalized = (word: Word) => /^\p{Lu}/u.test(word.text);
const isRole = (word: Word) => isRoleNoun(word.text);

export interface NameOptions {
  /** People never to tag with (the speakers). */
  people?: readonly string[];
  /** Organizations never to tag with (the speakers' affiliations). */
  organizations?: readonly string[];
  /** Each word's part of speech, when known. */
  partsOfSpeech?: readonly PartOfSpeech[];
}

/** For each word of `list`: does it belong to a person's or organization's name or to a job title? */
export function namesAndRoles(list: readonly Word[], options: NameOptions = {}): boolean[] {
  const blocked: boolean[] = new Array(list.length).fill(false);
  const keys = list.map((w) => phraseKey(w.text));
  const sameSentence = (i: number, j: number) =>
    list[i]?.sentence === list[j]?.sentence && !(list[Math.max(i, j)] as Word).afterPunctuation;

  // The speakers: every word of their names.
  const personWords = new Set((options.people ?? []).flatMap((name) => phraseKey(name).split(' ')));
  keys.forEach((key, i) => {
    if (personWords.has(key)) blocked[i] = true;
  });

  // The affiliations, wherever their words occur in sequence.
  for (const organization of options.organizations ?? []) {
    const parts = phraseKey(organization).split(' ').filter(Boolean);
    if (parts.length === 0) continue;
    for (let i = 0; i + parts.length <= list.length; i++) {
      if (parts.every((part, k) => keys[i + k] === part))
        for (let k = 0; k < parts.length; k++) blocked[i + k] = true;
    }
  }

  for (let i = 0; i < list.length; i++) {
    const word = list[i] as Word;
    // "Acme GmbH", "Quill Labs": the suffix and the capitalized words before it.
    if (
      // The cheap tests first: most words are not capitalized after a capitalized word.
      capitalized(word) &&
      i > 0 &&
      capitalized(list[i - 1] as Word) &&
      isOrganizationWord(word.text) &&
      sameSentence(i - 1, i)
    ) {
      blocked[i] = true;
      for (let k = i - 1; k >= 0 && capitalized(list[k] as Word) && sameSentence(k, k + 1); k--)
        blocked[k] = true;
    }
    if (!isRole(word)) continue;
    // A role followed by another noun qualifies it ("developer tools", "engineer onboarding"): not
    // a job title, unless that noun is a role too ("Developer Advocate").
    const after = list[i + 1];
    if (after && sameSentence(i, i + 1) && !isRole(after)) {
      const tag = options.partsOfSpeech?.[i + 1];
      // A capitalized word after a role is more likely a name ("Principal Engineer Ana Silva").
      const nominal = tag ? tag === 'NOUN' : !stopwords.has(after.text.toLowerCase()) && !capitalized(after);
      if (nominal) continue;
    }
    // A job title: the role, the ranks and up to two nouns before it ("Senior Developer Advocate").
    blocked[i] = true;
    for (let k = i - 1, nouns = 0; k >= 0 && sameSentence(k, k + 1); k--) {
      const before = keys[k] as string;
      if (isRoleQualifier(before) || isRole(list[k] as Word)) blocked[k] = true;
      else if (nouns < 2 && capitalized(list[k] as Word) && capitalized(word)) {
        blocked[k] = true;
        nouns++;
      } else break;
    }
    // "… engineer at Ferrous Systems": the capitalized run after "at", "for" or "with".
    const next = keys[i + 1];
    if (next === 'at' || next === 'for' || next === 'with' || next === '@') {
      for (let k = i + 2; k < list.length && capitalized(list[k] as Word) && sameSentence(k - 1, k); k++)
        blocked[k] = true;
    }
  }
  return blocked;
}
