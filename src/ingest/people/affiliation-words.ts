// What organizations and job titles look like, word by word: company suffixes, words that name
// kinds of organization, and the nouns job titles are built on. Kept apart from the name model so
// topic extraction can ask the same two questions without reading names.

import { memoize } from '../memoize.js';
import { foldWord } from './lexicon.js';

/** Legal-form suffixes, compared without dots and case ("S.A." → "sa", "e.V." → "ev"). */
const companySuffixes = new Set(
  (
    'gmbh ag ug kg ohg ev ltd limited llc llp lp inc incorporated corp corporation co plc pty pte ' +
    'sa sas sarl sasu srl spa sl slu bv nv vof oy oyj ab asa as aps kk kft zrt sro doo ad' +
    ' 株式会社 有限会社 有限公司 股份有限公司 公司 주식회사'
  ).split(' '),
);

/** Words that name a kind of organization in many languages; one is enough. */
const organizationWords = new Set(
  (
    'systems software labs lab laboratory laboratories technologies technology tech solutions consulting ' +
    'consultancy group foundation university universität universitat université universite universidad ' +
    'università universita universidade uniwersytet institute institut instituto istituto college school ' +
    'academy akademie company partners studio studios networks analytics digital media bank ventures ' +
    'capital holdings industries services agency association society council community center centre ' +
    'research computing robotics games interactive hospital ministry department government enterprises ' +
    'international global works collective cooperative initiative alliance consortium federation ' +
    'platforms microsystems semiconductor semiconductors electronics energy pharma motors automotive ' +
    'insurance telecom communications mobile apps online hochschule fachhochschule verein stiftung ' +
    'fundación fundacion fondation fondazione gesellschaft société societe sociedad entreprise empresa ' +
    'commission agence authority organisation organization org devs io'
  ).split(' '),
);

/** Nouns that head a job title. Surnames that are also trades (Baker, Smith, Taylor) stay out. */
const roleNouns = new Set(
  (
    'engineer engineers developer developers architect manager director lead head chief officer ceo cto cfo ' +
    'coo cio ciso cpo cmo vp svp evp founder cofounder co-founder president vice-president principal ' +
    'advocate evangelist consultant researcher scientist professor prof student phd postdoc lecturer ' +
    'maintainer contributor committer ambassador champion mvp gde designer analyst specialist intern ' +
    'editor author hacker sre devops programmer coordinator organizer organiser chair chairman chairwoman ' +
    'fellow expert trainer coach teacher instructor owner cto/co-founder partner associate administrator ' +
    'admin strategist technologist leader manager/engineer journalist member staff employee ' +
    'contractor ' +
    'ingenieur ingenieurin ingénieur ingénieure ingeniero ingeniera ingegnere entwickler entwicklerin ' +
    'développeur développeuse desarrollador desarrolladora sviluppatore sviluppatrice investigador ' +
    'investigadora forscher forscherin chercheur chercheuse geschäftsführer gründer gründerin fondateur ' +
    'fondatrice fundador fundadora directeur directrice directora berater beraterin doktorand doktorandin'
  ).split(' '),
);

/** Words that qualify a role noun ("Senior Staff Software Engineer"). */
const roleQualifiers = new Set(
  (
    'senior junior staff principal lead chief head associate assistant deputy executive technical ' +
    'software hardware platform product data cloud security site reliability machine learning ml ai ' +
    'frontend front-end backend back-end full-stack fullstack stack web mobile developer developers ' +
    'solutions solution customer community open source devrel relations research engineering of for ' +
    'and & the at r&d it global regional independent freelance freelancer former distinguished ' +
    'sr jr sr. jr. co co- vice team tech infrastructure operations ops qa test quality program programme ' +
    'project design marketing sales growth core systems system kernel language compiler'
  ).split(' '),
);

/**
 * Kinds of organization that end a name and hardly ever a topic ("Quill Labs", "Acme Foundation");
 * "Systems" or "Software" end topics as often ("Distributed Systems").
 */
const nameEndingOrganizationWords = new Set(
  'labs lab foundation institute institut university universität université universidad holdings ventures partners consulting technologies group gesellschaft verein stiftung'.split(
    ' ',
  ),
);

/** A word that ends an organization's name: a legal form ("GmbH", "e.V.") or a kind ("Labs", "University"). */
export function isOrganizationWord(word: string): boolean {
  const folded = foldWord(word).replace(/\./g, '');
  return companySuffixes.has(folded) || nameEndingOrganizationWords.has(folded);
}

/** A word that names a kind of organization anywhere in its name ("Systems", "University", "Stiftung"). */
export function isOrganizationKindWord(word: string): boolean {
  return organizationWords.has(foldWord(word));
}

/** A noun that heads a job title ("engineer", "CEO", "Entwicklerin"), singular or plural. */
export function isRoleNoun(word: string): boolean {
  const folded = foldWord(word);
  return roleNouns.has(folded) || (folded.endsWith('s') && roleNouns.has(folded.slice(0, -1)));
}

/** A word that qualifies a role ("Senior", "Staff", "Principal", "Software"). */
export function isRoleQualifier(word: string): boolean {
  return roleQualifiers.has(foldWord(word));
}

/** Does this text hold a role noun ("a staff engineer", "the founders")? */
export function namesRole(text: string): boolean {
  return wordsOf(text).some(isRoleNoun);
}

const wordsOf = (text: string) =>
  text
    .split(/[\s,/()]+/)
    .map((w) => foldWord(w).replace(/^[^\p{L}\p{N}&]+|(?<![^\p{L}\p{N}&-])[^\p{L}\p{N}&-]+$/gu, ''))
    .filter((w) => w.length > 0);

/** Does this text read as an organization's name (a company, university, foundation, project)? */
export function looksLikeOrganization(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 120) return false;
  if (/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.(com|org|net|io|dev|ai|co|de|fr|eu|tech|app)$/iu.test(trimmed)) {
    return true;
  }
  // Legal forms are written with dots in some countries: compare them without.
  const words = wordsOf(trimmed.replace(/\b(\p{L})\.(?=\p{L}\b)/gu, '$1'));
  const last = (words.at(-1) ?? '').replace(/\./g, '');
  if (words.length >= 2 && companySuffixes.has(last)) return true;
  if (/(株式会社|有限会社|有限公司|公司|大学|研究所|주식회사|대학교)/u.test(trimmed)) return true;
  if (looksLikeJobTitle(trimmed)) return false;
  return words.some((w) => organizationWords.has(w));
}

/**
 * Does this text end the way only an organization's name ends: a legal form, a kind of organization
 * ("Quill Labs", "Wellenreiter e.V."), a web domain? Stricter than `looksLikeOrganization`, which
 * also takes a kind word anywhere ("Group Q&A" is a talk's title, not a group).
 */
export const endsLikeOrganization = memoize((text: string): boolean => {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 120) return false;
  if (/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.(com|org|net|io|dev|ai|co|de|fr|eu|tech|app)$/iu.test(trimmed)) {
    return true;
  }
  if (/(株式会社|有限会社|有限公司|公司|大学|研究所|주식회사|대학교)$/u.test(trimmed)) return true;
  const words = wordsOf(trimmed.replace(/\b(\p{L})\.(?=\p{L}\b)/gu, '$1'));
  return words.length >= 2 && isOrganizationWord(words.at(-1) as string);
}, 20_000);

/** Does this text read as a job title or role ("Principal Engineer", "CNCF Ambassador", "CEO")? */
export function looksLikeJobTitle(text: string): boolean {
  const words = wordsOf(text);
  if (words.length === 0 || words.length > 7) return false;
  if (!words.some((w) => roleNouns.has(w))) return false;
  // Every other word qualifies the role, or names where it is held (an acronym, "of Engineering").
  const raw = text.split(/[\s,/()]+/).filter((w) => w.length > 0);
  return words.every(
    (w, i) =>
      roleNouns.has(w) ||
      roleQualifiers.has(w) ||
      /^\p{Lu}[\p{Lu}\p{N}&-]+$/u.test(raw[i] ?? '') ||
      (i > 0 && ['of', 'for', 'at'].includes(words[i - 1] ?? '')),
  );
}
