// One record (a heading section, a list item, a table row, a block, a paragraph) → a talk's fields,
// each with the evidence it was read from: labels ("Speaker:", a column header, a class name),
// separators (" by ", " — ", "Name: Title", `Name, "Title"`), emphasis and quotes around a title,
// profile links, and the person-name model. What cannot be read as a talk says why.
import { profileFromUrl } from '../people/profiles.js';
import { stripTime } from '../read/text-blocks.js';
import { type Inline, plainText } from '../read/tree.js';
import type { TalkKind, TalkSchedule } from '../types.js';
import { type Field, fieldOfLabel, leadingLabel } from './labels.js';
import { type Person, peopleInLine, peopleInText, personAt } from './people-line.js';

export type { TalkKind };

export interface RecordLine {
  inlines: Inline[];
  /** A label the structure gives the line: a column header, a class name, a key. */
  label: string | null;
  /** The record's heading or first line. */
  head: boolean;
  /** Nesting below the head (a sub-item is 1). */
  depth: number;
  line: number;
  start: number;
  end: number;
}

export interface TalkReading {
  title: string;
  titleStart: number;
  speakers: Person[];
  abstract: string | null;
  kind: TalkKind;
  /** Time, room, track, language and the tool's id, where the record states them. */
  schedule?: Partial<TalkSchedule>;
  /** How sure the reading is, in (0, 1]. */
  confidence: number;
  /** What each field was read from, for --dry-run. */
  evidence: string[];
}

export type RecordResult = { talk: TalkReading } | { skipped: string; title: string | null };

const kindWords: [RegExp, TalkKind][] = [
  [/\bkey ?notes?\b|\bplenary\b|\bkeynote-?vortrag\b|キーノート|基調講演/i, 'keynote'],
  [/\blightning\b|\bblitz(?:vortrag|talk)?s?\b|\bflash talks?\b|ライトニング|\bLT\b/i, 'lightning'],
  [
    /\bpanel(?:s|ists?)?\b|\bpodium(?:sdiskussion)?\b|\bmesa redonda\b|\btable ronde\b|\bround ?table\b|パネル/i,
    'panel',
  ],
  [/\bworkshops?\b|\btutorials?\b|\bhands[- ]on\b|\batelier\b|\btaller(?:es)?\b|\bwarsztat/i, 'workshop'],
];

/** The kind a text names ("Keynote", "Lightning talk", "Atelier"), or null. */
export function kindOf(text: string): TalkKind | null {
  // Type codes write words with underscores ("lightning_talk").
  const words = text.replace(/_/g, ' ');
  for (const [pattern, kind] of kindWords) if (pattern.test(words)) return kind;
  return null;
}

/**
 * The kind a title shows: stricter than a type field's value, since titles use the same words for
 * other things ("the Lightning Network", "lightning-fast builds", "hands-on security").
 */
export function kindInTitle(title: string): TalkKind | null {
  return kindOf(title.replace(/\blightning\b(?![- ]?talks?\b)/gi, ' ').replace(/\bhands[- ]on\b/gi, ' '));
}

/**
 * Programme items that are not talks, in the languages schedules are written in: breaks, meals,
 * arrival, networking, sponsors' slots, placeholders.
 */
const logistics =
  /^(?:(?:coffee|tea|lunch|dinner|breakfast|snack|comfort|health|mittags?|kaffee|café|cafe|caf[eé]s?)\s*)?(?:break|pause|breaks|pausa|descanso)\b|^(?:lunch|dinner|breakfast|brunch|supper|food|drinks?|pizza|snacks?|coffee|tea|apéro|apero|aperitivo|comida|almuerzo|cena|desayuno|déjeuner|dejeuner|diner|dîner|petit[- ]déjeuner|mittagessen|frühstück|abendessen|obiad|przerwa|kolacja|pranzo|cena|昼食|休憩|ランチ)\b|^(?:registration|check-?in|doors open|arrival|arrive|welcome coffee|accueil|anmeldung|einlass|registro|acreditaci[oó]n|inscripci[oó]n|rejestracja)\b|^(?:networking|socializ|socialis|mingle|hallway track|open space|sprints?|party|reception|closing drinks|after-?party|happy hour|social event|get[- ]together|feel free to hang out)|^(?:tba|tbd|tbc|to be (?:announced|determined|confirmed)|n\/?a|—|-|\?+)$|^(?:(?:gold|silver|platinum|bronze|diamond|venue|main|other)\s+)?sponsors?\b|^(?:end of (?:the )?day|day ends|fin|ende)$/i;

/** Proposal states that mean the talk did not happen (a CfP export's declined, waitlisted, …). */
export const notHeld =
  /^(?:declined|rejected|waitlist(?:ed)?|withdrawn|cancel(?:l?ed)?|annul[ée]e?|abgelehnt|abgesagt|rechazad[ao]|cancelad[ao]|submitted|draft|pending)$/i;

/** Words that mark an entry as not taking place, in brackets before or after its title. */
const cancelWords =
  'cancel(?:l?ed)?|annul[ée]e?|abgesagt|entf[äa]llt|cancelad[ao]|anulad[ao]|annullat[ao]|odwołan[ya]|postponed|verschoben|report[ée]e?';
/**
 * "(cancelled) Title", "Title [ABGESAGT]", "CANCELLED - Title", "Cancelled: Title": a programme
 * entry that did not take place.
 */
const cancelMark = new RegExp(
  String.raw`^\s*[([]\s*(${cancelWords})\s*[)\]]|[([]\s*(${cancelWords})\s*[)\]]\s*$|^\s*(${cancelWords})\s*(?:[:–—-]|!+)\s`,
  'iu',
);

/** Why a title says its entry did not take place ('marked "cancelled"'), or null. */
export function cancelledReason(title: string): string | null {
  const marked = cancelMark.exec(title);
  return marked ? `marked "${marked[1] ?? marked[2] ?? marked[3]}"` : null;
}

const quotePairs = /["“”„«»‘’'](?<title>[^"“”„«»]{3,}?)["“”«»’']/u;

/** A title candidate: letters, not a bare date, number, URL or label. */
function isTitleText(text: string): boolean {
  const t = text.trim();
  if (t.length < 2 || t.length > 300) return false;
  if (!/\p{L}/u.test(t)) return false;
  if (/^(?:https?:\/\/|www\.)\S+$/i.test(t)) return false;
  if (/^[\d\s./:-]+$/.test(t)) return false;
  return true;
}

interface Split {
  title: string;
  titleStart: number;
  speakers: Person[];
  evidence: string;
  /** A kind the split names ("(workshop by …)"). */
  kind?: TalkKind | null;
}

const runsText = (inlines: readonly Inline[]) => inlines.map((i) => i.text).join('');

/** Runs from character `from` to `to` of the runs' joined text. */
function sliceRuns(inlines: readonly Inline[], from: number, to: number): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const inline of inlines) {
    const end = at + inline.text.length;
    if (end > from && at < to) {
      const a = Math.max(from, at) - at;
      const b = Math.min(to, end) - at;
      out.push({ ...inline, text: inline.text.slice(a, b), start: inline.start + a });
    }
    at = end;
  }
  return out;
}

const trimSeparators = (text: string) =>
  text
    .replace(/^[\s,;:|–—-]+|[\s,;:|–—-]+$/g, '')
    .replace(/^(?:by|von|par|por|di|przez)\s+/i, '')
    .trim();

/** Link texts that only say where a link goes ("GitHub", "Slides", "YouTube"). */
const linkWords =
  /^(?:github|gitlab|twitter|x|linkedin|mastodon|bluesky|profile|profil|website|web|homepage|blog|slides?|video|youtube|recording|pdf|link|contact)$/i;

/** How sure a name must be to split a line without a label or "by" into title and speakers. */
export const unlabelledNameConfidence = 0.8;

/** Names sure enough that a line of them is not a title ("Column Stores from Scratch" is not Column Stores of Scratch). */
const isSureNames = (people: Person[] | null) =>
  people?.some((p) => p.confidence >= unlabelledNameConfidence);

/** A heading or first line that carries both a title and its speakers. */
/**
 * `vouched`: the document's other entries are written the same way, so a name the person model
 * does not know may stand on the left of "Name: Title".
 */
export function splitHead(
  inlines: readonly Inline[],
  options: { separators: boolean; vouched?: boolean } = { separators: true },
): Split | null {
  const text = runsText(inlines);
  // An emphasized or quoted title, the rest naming people: `Name: **"Title"**`, `Name, "Title", [slides]`.
  const marked = inlines.filter((i) => (i.strong || i.emphasis) && i.text.trim().length > 2 && !i.href);
  if (marked.length > 0) {
    const first = marked[0] as Inline;
    const from = text.indexOf(first.text);
    const last = marked.at(-1) as Inline;
    const to = text.lastIndexOf(last.text) + last.text.length;
    const title = text.slice(from, to).replace(/^["“„«'‘\s]+|["”»'’\s]+$/g, '');
    const rest = [sliceRuns(inlines, 0, from), sliceRuns(inlines, to, text.length)];
    const split = withPeople(title, first.start, rest, 'emphasis');
    if (split) return split;
  }
  const quoted = quotePairs.exec(text);
  if (quoted?.groups) {
    const from = quoted.index;
    const to = from + quoted[0].length;
    const rest = [sliceRuns(inlines, 0, from), sliceRuns(inlines, to, text.length)];
    const split = withPeople(
      quoted.groups.title as string,
      (inlines[0]?.start ?? 0) + from + 1,
      rest,
      'quotes',
    );
    if (split) return split;
  }
  if (!options.separators) return null;
  // "Title (talk by Name)", "Title (workshop by A, B)", "Title (by Name)".
  const byInParens = /\s*\(\s*(?:([\p{L}-]+(?:\s[\p{L}-]+)?)\s+)?(?:by|von|par|por)\s+([^()]+)\)\s*$/iu.exec(
    text,
  );
  if (byInParens && isTitleText(text.slice(0, byInParens.index))) {
    const at = (byInParens.index as number) + byInParens[0].indexOf(byInParens[2] as string);
    const named = peopleInText(byInParens[2] as string, (inlines[0]?.start ?? 0) + at, { labelled: true });
    // "Name Title (talk by Name)": the name repeated before the title is not part of it.
    const before = text.slice(0, byInParens.index).trim();
    const repeated = named?.find((p) => before.startsWith(`${p.name} `));
    const title = repeated ? before.slice(repeated.name.length).trim() : before;
    if (named)
      return {
        title,
        titleStart: inlines[0]?.start ?? 0,
        speakers: named,
        evidence: `"(${byInParens[1] ? `${byInParens[1]} ` : ''}by …)" after the title`,
        kind: byInParens[1] ? kindOf(byInParens[1] as string) : null,
      };
  }
  // Separators, people on the right: "Title by Name", "Title — Name", "Title | Name", "Title (Name)".
  const right =
    /(?:,?\s+(?:by|von|par|por|przez)\s+|\s+[–—]\s+|\s+-\s+|\s+\|\s+|\s*\(\s*(?=[^()]+\)\s*$))/giu;
  for (const match of [...text.matchAll(right)].reverse()) {
    const title = text.slice(0, match.index).trim();
    const people = sliceRuns(inlines, (match.index as number) + match[0].length, text.length);
    const peopleText = runsText(people).replace(/\)\s*$/, '');
    if (!isTitleText(title)) continue;
    const byline = /by|von|par|por|przez/i.test(match[0]);
    // Linked names ("by [Name](profile)") keep their links: a profile gives the handle.
    const named = people.some((r) => r.href)
      ? peopleInLine(people, { labelled: byline })
      : peopleInText(peopleText, people[0]?.start ?? 0, { labelled: byline });
    // Without "by", a dash or bar may just as well join two halves of a title: only sure names count.
    if (named && (byline || named.every((p) => p.confidence >= unlabelledNameConfidence)))
      return {
        title,
        titleStart: inlines[0]?.start ?? 0,
        speakers: named,
        evidence: `separator "${match[0].trim()}"`,
      };
  }
  // People on the left: "Name: Title", "Name — Title".
  const left = /^(.{3,80}?)(?:\s*:\s+|\s+[–—]\s+|\s+-\s+)/u.exec(text);
  if (left) {
    const named = peopleInText(left[1] as string, inlines[0]?.start ?? 0, { labelled: !!options.vouched });
    const title = text.slice(left[0].length).trim();
    const sure = options.vouched || named?.every((p) => p.confidence >= unlabelledNameConfidence);
    if (named && sure && isTitleText(title))
      return {
        title,
        titleStart: (inlines[0]?.start ?? 0) + left[0].length,
        speakers: named,
        evidence: 'people before the title',
      };
  }
  return null;
}

function withPeople(title: string, titleStart: number, rest: Inline[][], evidence: string): Split | null {
  if (!isTitleText(title)) return null;
  // Whichever side names people; links after a title (slides, video) are not people.
  const before = rest[0] ?? [];
  const after = (rest[1] ?? []).filter((i) => !i.href);
  for (const runs of [before, after]) {
    const side = trimSeparators(runsText(runs));
    if (!side) continue;
    const start = (runs[0]?.start ?? 0) + Math.max(0, runsText(runs).indexOf(side));
    const named = peopleInText(side, start, { labelled: true });
    if (named?.every((p) => p.name.split(/\s+/).length >= 2 || side.length < 30)) {
      return { title, titleStart, speakers: named, evidence };
    }
  }
  return null;
}

/** A word of a name in running text: a capitalised word or an initial; a sentence's full stop ends it. */
const nameWord = String.raw`\p{Lu}(?:\.|[\p{L}\p{M}'’-]+)`;
const nameInProse = String.raw`(?<name>${nameWord}(?:\s+(?:${nameWord}|de|da|van|von|der|del|la|le)){1,4})`;

/** "given by X", "X, the creator of Y, spoke about", "X from Y talked about": speakers named in prose. */
const proseCues = [
  new RegExp(
    String.raw`\b(?:given|presented|delivered|held|led|hosted|run|taught|moderated)\s+by\s+${nameInProse}`,
    'gu',
  ),
  new RegExp(
    String.raw`\b(?:talk|keynote|presentation|session|workshop|tutorial|lecture)\s+(?:by|from|of)\s+${nameInProse}`,
    'gu',
  ),
  new RegExp(
    String.raw`${nameInProse}(?:,[^,.]{3,80},|\s+(?:from|of|at)\s+${nameWord}(?:\s+${nameWord}){0,3})?\s+(?:talked|spoke|presented|explained|showed|gave|discussed|demonstrated|introduced|shared|walked us|took us)\b`,
    'gu',
  ),
];

export function proseSpeakers(text: string, start: number): Person[] {
  const found = new Map<string, Person>();
  for (const cue of proseCues) {
    cue.lastIndex = 0;
    for (const match of text.matchAll(cue)) {
      const name = match.groups?.name as string;
      const at = (match.index as number) + match[0].indexOf(name);
      const person = personAt(name, start + at);
      if (person && person.name.split(/\s+/).length >= 2 && !found.has(person.name))
        found.set(person.name, person);
    }
  }
  return [...found.values()];
}

/** A prose paragraph's talk: an emphasized title with "by Name" before or after it. */
function proseTalk(inlines: readonly Inline[]): Split | null {
  const text = runsText(inlines);
  for (const run of inlines) {
    if (!(run.emphasis || run.strong) || run.href || run.text.trim().split(/\s+/).length < 2) continue;
    const at = text.indexOf(run.text);
    const after = text.slice(at + run.text.length, at + run.text.length + 60);
    const before = text.slice(Math.max(0, at - 60), at);
    const byAfter = new RegExp(String.raw`^[\s,]*(?:by|von|par|por)\s+${nameInProse}`, 'u').exec(after);
    const byBefore = new RegExp(String.raw`\bby\s+${nameInProse}[\s,:]*$`, 'u').exec(before);
    const found = byAfter ?? byBefore;
    if (!found) continue;
    const person = personAt(found.groups?.name as string, run.start);
    if (!person) continue;
    return {
      title: run.text.trim(),
      titleStart: run.start,
      speakers: [person],
      evidence: 'emphasized title with "by Name" in prose',
    };
  }
  return null;
}

interface LineField {
  field: Field | null;
  /** The line's runs after its label. */
  value: Inline[];
  label: string | null;
}

function fieldOfLine(line: RecordLine): LineField {
  if (line.label) {
    const field = fieldOfLabel(line.label);
    if (field) return { field, value: line.inlines, label: line.label };
  }
  const text = runsText(line.inlines);
  const leading = leadingLabel(text);
  if (leading)
    return {
      field: leading.field,
      value: sliceRuns(line.inlines, leading.rest, text.length),
      label: leading.label,
    };
  return { field: null, value: line.inlines, label: null };
}

export const isProse = (text: string) => {
  const words = text.split(/\s+/);
  return words.length >= 8 && words.filter((w) => /^\p{Ll}/u.test(w)).length / words.length >= 0.3;
};

/** Sentences, not a title: several sentences, or far longer than titles run. */
export const isSentences = (text: string) =>
  /[.!?]["”’)]*\s+\p{Lu}/u.test(text.trim().slice(0, -1)) || text.split(/\s+/).length > 30;

/**
 * After a kind prefix, a name and then the title with nothing between them ("Keynote: Dr Ada Byron
 * Engines of Thought"): the longest run of two to four leading words that is a sure name.
 */
export function nameThenTitle(text: string): Split | null {
  const words = text.split(/\s+/);
  const honorific = /^(?:dr|prof|mr|mrs|ms|sir|dame)\.?$/i.test(words[0] ?? '') ? 1 : 0;
  for (let n = Math.min(4, words.length - 2); n >= 2; n--) {
    const name = words.slice(honorific, honorific + n).join(' ');
    const rest = words.slice(honorific + n).join(' ');
    if (!/^\p{Lu}/u.test(rest) || !isTitleText(rest)) continue;
    const person = personAt(name, text.indexOf(name));
    if (person && person.confidence >= unlabelledNameConfidence && person.name === name)
      return {
        title: rest,
        titleStart: text.indexOf(rest),
        speakers: [person],
        evidence: 'a name before the title',
      };
  }
  return null;
}

/** A title without its time ("18:30 - 19:00:") and kind prefix ("[Lightning talk]", "Keynote:"). */
export function cleanTitle(full: string): { text: string; kind: TalkKind | null } {
  const timeless = stripTime(full);
  const prefix =
    /^\[?\s*(keynote|lightning talks?|lightning|workshop|tutorial|panel)\s*(?:\]\s*|[:–—-]\s+)/i.exec(
      timeless,
    );
  if (!prefix || !isTitleText(timeless.slice(prefix[0].length))) return { text: timeless, kind: null };
  return { text: timeless.slice(prefix[0].length), kind: kindOf(prefix[1] as string) };
}

/** A title line's runs without its time and kind prefix. */
function titleParts(inlines: readonly Inline[]): { inlines: Inline[]; text: string; kind: TalkKind | null } {
  const { text, kind } = cleanTitle(plainText(inlines));
  const raw = runsText(inlines);
  const at = raw.lastIndexOf(text.slice(0, 20));
  return { inlines: at >= 0 ? sliceRuns(inlines, at, raw.length) : [...inlines], text, kind };
}

/** Reads one record's lines as a talk, or says why it is not one. */
export function readRecord(lines: readonly RecordLine[]): RecordResult {
  let title: { text: string; start: number; evidence: string } | null = null;
  let speakers: Person[] = [];
  let speakerEvidence = '';
  const abstract: string[] = [];
  let kind: TalkKind | null = null;
  let status: string | null = null;
  const fields = lines.map(fieldOfLine);

  let organization: string | null = null;
  const labelledSpeakers = fields.some((f) => f.field === 'speakers' || f.field === 'name');
  // People on lines of their own below the head: then the head is all title, never split.
  const bodyPeople = lines.some(
    (line, i) =>
      !line.head &&
      (fields[i] as LineField).field === null &&
      !isProse(plainText(line.inlines)) &&
      peopleInLine(line.inlines, { labelled: false }) !== null,
  );

  for (const [i, line] of lines.entries()) {
    const { field, value, label } = fields[i] as LineField;
    const text = plainText(value);
    if (!text) continue;
    if (field === 'title' && !title) {
      const parts = titleParts(value);
      if (!isTitleText(parts.text)) continue;
      // A label may name the kind itself ("Lightning talk:", "Keynote:").
      kind ??= parts.kind ?? (label ? kindOf(label) : null);
      title = {
        text: parts.text,
        start: parts.inlines[0]?.start ?? line.start,
        evidence: `label "${label}"`,
      };
      const split = labelledSpeakers || bodyPeople ? null : splitHead(parts.inlines);
      if (split) {
        title = { text: split.title, start: split.titleStart, evidence: `label "${label}"` };
        speakers = split.speakers;
        speakerEvidence = split.evidence;
      }
    } else if ((field === 'speakers' || field === 'name') && !speakers.length) {
      const named = peopleInLine(value, { labelled: true });
      if (named) {
        speakers = named;
        speakerEvidence = `label "${label}"`;
      }
    } else if (field === 'organization') {
      organization ??= text;
    } else if (field === 'abstract') {
      abstract.push(text);
    } else if (field === 'kind') {
      kind ??= kindOf(text);
    } else if (field === 'status') {
      status = text;
    }
  }

  const head = lines.find((l) => l.head);
  if (!title && head && (fields[lines.indexOf(head)] as LineField).field === null) {
    const parts = titleParts(head.inlines);
    kind ??= parts.kind;
    const split =
      speakers.length || bodyPeople
        ? null
        : isSentences(parts.text)
          ? (splitHead(parts.inlines, { separators: false }) ?? proseTalk(parts.inlines))
          : splitHead(parts.inlines);
    if (split) {
      kind ??= split.kind ?? null;
      title = { text: split.title, start: split.titleStart, evidence: 'heading' };
      speakers = split.speakers;
      speakerEvidence = split.evidence;
    } else if (
      isTitleText(parts.text) &&
      !isSentences(parts.text) &&
      !isSureNames(peopleInLine(head.inlines, { labelled: false }))
    ) {
      const clean = parts.text.replace(/^["“„«]+|["”»]+$/g, '');
      title = { text: clean, start: parts.inlines[0]?.start ?? head.start, evidence: 'heading' };
    }
  }

  // Unlabelled lines below the head: people on a line of their own, or the write-up.
  for (const [i, line] of lines.entries()) {
    const { field, value } = fields[i] as LineField;
    if (line.head || field !== null) continue;
    const text = plainText(value);
    if (!text) continue;
    if (!speakers.length && text.length <= 200 && !isProse(text)) {
      const named = peopleInLine(value, { labelled: false });
      if (named) {
        speakers = named;
        speakerEvidence = line.depth > 0 ? 'people on nested lines' : 'a line of people';
        // Further nested lines of people are co-speakers ("- Name, Org" one per line).
        for (const next of lines.slice(i + 1)) {
          const nextField = fields[lines.indexOf(next)] as LineField;
          if (next.depth !== line.depth || nextField.field !== null) continue;
          const more = peopleInLine(next.inlines, { labelled: false });
          if (more) speakers.push(...more);
        }
        continue;
      }
    }
    if (linkWords.test(text)) continue;
    if (
      speakers.length &&
      speakerEvidence.startsWith('people on') &&
      line.depth > 0 &&
      peopleInLine(value, { labelled: false })
    )
      continue;
    abstract.push(text);
  }

  if (!title) return { skipped: 'no title', title: null };
  // A profile link on a line of its own (a "Twitter" column, a "GitHub" link) is the speaker's handle
  // when the talk has one speaker.
  const profiles = lines.flatMap((line) =>
    line.inlines.flatMap((run) => {
      const profile = run.href && !line.head ? profileFromUrl(run.href) : null;
      return profile && linkWords.test(run.text.trim()) ? [profile.handle] : [];
    }),
  );
  const lone = speakers.length === 1 ? speakers[0] : undefined;
  if (lone && !lone.handle && new Set(profiles).size === 1)
    speakers = [{ ...lone, handle: profiles[0] ?? null }];
  const cancelled = cancelledReason(title.text);
  if (cancelled) return { skipped: cancelled, title: title.text };
  if (status && notHeld.test(status.trim())) return { skipped: `status "${status}"`, title: title.text };
  if (!speakers.length) {
    const prose = proseSpeakers(abstract.join(' '), lines[0]?.start ?? 0);
    if (prose.length > 0 && prose.length <= 3) {
      speakers = prose;
      speakerEvidence = 'named in the write-up';
    }
  }
  if (!speakers.length) {
    const why = logistics.test(title.text.trim())
      ? 'a programme item that is not a talk'
      : 'no speaker named';
    return { skipped: why, title: title.text };
  }
  // A company field of the record ("Company:", a "speaker-company" class) belongs to its speakers.
  if (organization) speakers = speakers.map((p) => ({ ...p, organization: p.organization ?? organization }));
  const titleText = title.text.replace(/\s+/g, ' ').trim();
  const writeUp = abstract.join('\n\n').trim() || null;
  kind ??=
    kindInTitle(titleText) ??
    (writeUp && /\b(?:this|the|her|his|their) keynote\b/i.test(writeUp) ? 'keynote' : null) ??
    'talk';
  const speakerConfidence = Math.min(...speakers.map((s) => s.confidence));
  const titleConfidence = title.evidence.startsWith('label') ? 0.95 : 0.8;
  const sourceConfidence = speakerEvidence.startsWith('label')
    ? 0.95
    : speakerEvidence.includes('write-up')
      ? 0.6
      : 0.85;
  return {
    talk: {
      title: titleText,
      titleStart: title.start,
      speakers,
      abstract: writeUp,
      kind,
      confidence:
        Math.round(titleConfidence * sourceConfidence * Math.max(0.5, speakerConfidence) * 1000) / 1000,
      evidence: [`title: ${title.evidence}`, `speakers: ${speakerEvidence}`],
    },
  };
}
