// What a label names: "Speaker:", a table header "Vortragende", a JSON key "title_en", a class
// "speaker". Labels are matched by their words, in the languages conference sites are written in,
// after splitting camelCase and snake_case and dropping language suffixes ("title_en" → title).
import { foldAccents } from '../../store/slug.js';
import { memoize } from '../memoize.js';

export type Field =
  | 'title'
  | 'speakers'
  | 'abstract'
  | 'kind'
  | 'time'
  | 'room'
  | 'organization'
  | 'role'
  | 'handle'
  | 'bio'
  | 'status'
  | 'language'
  | 'link'
  | 'id'
  | 'name';

/** Words (accents folded, lowercase) that name each field. `name` is ambiguous: a person's or a session's. */
const words: Record<Field, string> = {
  title:
    'title titles titel titre titulo titolo tytul talk talks session sessions vortrag vortrage charla charlas ponencia ponencias conference conferencia presentation presentations subject topic theme thema sujet tema event lecture expose',
  speakers:
    'speaker speakers presenter presenters presented panelist panelists panellist panellists moderator moderators host hosts facilitator facilitators cofacilitator cofacilitators author authors by with person persons people who sprecher sprecherin sprecherinnen referent referentin referenten referierende vortragende vortragender ponente ponentes orador oradores intervenant intervenants intervenante conferencier conferenciere orateur orateurs relatore relatori palestrante palestrantes prelegent prelegenci spreker sprekers talare foredragsholder puhuja 登壇者 講演者 スピーカー 発表者 演讲者 讲者 발표자 연사',
  abstract:
    'abstract abstracts summary description desc details detail synopsis content contents body text zusammenfassung beschreibung inhalt resume resumen descripcion descrizione sommario riassunto opis streszczenie samenvatting 概要 説明 简介 内容',
  kind: 'type kind format category categories sessiontype typ genre tipo formato',
  time: 'time times start starts end ends date dates when hour hours slot slots day days zeit uhrzeit datum heure horaire jour hora fecha horario dia data ora orario godzina 時間 日時 日付',
  room: 'room rooms location locations venue hall stage track tracks raum saal ort salle lieu sala aula sala 会場 部屋',
  organization:
    'company companies organization organisation organizations organisations affiliation affiliations employer org firma unternehmen arbeitgeber empresa entreprise societe azienda 会社 所属 公司',
  role: 'role position job jobtitle tagline',
  handle: 'twitter github mastodon handle handles linkedin bluesky social gitlab x',
  bio: 'bio bios biography biografie biographie biografia about profile',
  status: 'state status stage decision statut estado',
  language: 'language lang languages locale sprache langue idioma lingua',
  link: 'link links url urls slides slide video videos recording recordings youtube website web homepage photo avatar image picture pdf deck',
  id: 'id ids uuid guid code key slug number nr no',
  name: 'name names nom nombre nome nazwa naam 名前 氏名 姓名',
};

const fieldOfWord = new Map<string, Field>();
for (const [field, list] of Object.entries(words) as [Field, string][]) {
  for (const word of list.split(' ')) if (!fieldOfWord.has(word)) fieldOfWord.set(word, field);
}

/** Language tags that end keys ("title_en", "name-ja"), dropped before matching. */
const languageSuffix = /[\s_-](?:en|ja|jp|de|fr|es|it|pt|pl|nl|zh|ko|ru|sv|fi|da|no)$/i;

/** The words of a label: "first_speaker_name" → first, speaker, name; "tagLine" → tag, line → tagline. */
export const labelWords = memoize(wordsOfLabel, 5000);

function wordsOfLabel(label: string): string[] {
  const spaced = label
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(languageSuffix, '')
    .replace(/\(s\)/gi, 's');
  return foldAccents(spaced)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * The field a label names, or null. Several words decide together: a speaker's title or company
 * ("speaker_title_en", "speaker company") is the person's role or organization, not the talk's.
 */
export const fieldOfLabel = memoize(fieldOfLabelWords, 5000);

function fieldOfLabelWords(label: string): Field | null {
  const list = labelWords(label);
  if (list.length === 0 || list.length > 6) return null;
  const joined = list.join('');
  const fields = list.map((w) => fieldOfWord.get(w) ?? null);
  if (fieldOfWord.has(joined) && list.length > 1) return fieldOfWord.get(joined) ?? null;
  const has = (f: Field) => fields.includes(f);
  if (has('speakers')) {
    if (has('organization')) return 'organization';
    if (has('title') && !list.includes('talk') && !list.includes('session')) return 'role';
    if (has('bio') || has('abstract')) return 'bio';
    if (has('handle')) return 'handle';
    if (has('link') || has('id')) return 'link';
    return 'speakers';
  }
  if (list.includes('sub') || list.includes('subtitle')) return 'abstract';
  // In compound names the last word is the specific one: "session-room" is a room, "talk-abstract"
  // an abstract, "session_title" a title, and "session__tags" nothing we read. Letters and codes
  // after it ("Hall A", "Title (EN)") do not count.
  for (let i = list.length - 1; i >= 0; i--) {
    const word = list[i] as string;
    if (word.length <= 2 || /^\d+$/.test(word)) continue;
    return fields[i] ?? null;
  }
  return fields[0] ?? null;
}

/** A label that says what a line holds, not where or when it takes place (a schedule grid's "Hall A" column). */
export function contentLabel(label: string | null): string | null {
  const field = label ? fieldOfLabel(label) : null;
  return field === 'room' || field === 'time' ? null : label;
}

/** "Speaker:", "**Speakers**:", ":Speaker:", "Ponente :" at the start of a line: the label and where the value starts. */
export function leadingLabel(text: string): { label: string; field: Field; rest: number } | null {
  const match =
    /^\s*:?(?:[*_]{1,2})?([\p{L}][\p{L}\p{N}() /&._-]{0,30}?)(?:[*_]{1,2})?\s*[:：]\s*(?:[*_]{1,2}\s*)?/u.exec(
      text,
    );
  if (!match) return null;
  const label = (match[1] as string).trim();
  const field = fieldOfLabel(label);
  if (!field || field === 'name' || field === 'id') return null;
  // "Title: Subtitle" is a title with a colon unless the label is one word or a known phrase.
  if (label.split(/\s+/).length > 3) return null;
  return { label, field, rest: match[0].length };
}
