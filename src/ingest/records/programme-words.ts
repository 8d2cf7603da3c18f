// Words programmes use for what is not a talk (breaks, meals, arrival, networking, placeholders),
// for the kinds of talk (keynote, lightning talk, panel, workshop) and for entries that did not take
// place (cancelled, declined), in the languages schedules are written in. They are evidence — the
// reader model weighs them with everything else — except where a programme says outright that an
// entry did not happen ("(cancelled)", a proposal's state "declined").
import { memoize } from '../memoize.js';
import { trimWhere } from '../trim.js';
import type { TalkKind } from '../types.js';

/** Lowercase words of a text, letters and digits only (any script). */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Words of programme items that are not talks. */
const itemWords = new Set(
  (
    'break breaks pause pausa pausen descanso przerwa intervallo coffee tea kaffee café cafe caffè koffie kawa ' +
    'lunch dinner breakfast brunch supper food drinks pizza snacks snack apéro apero aperitivo aperitif comida ' +
    'almuerzo cena desayuno déjeuner dejeuner dîner diner mittagessen mittagspause kaffeepause frühstück ' +
    'abendessen obiad kolacja pranzo colazione merienda lanche jantar almoço almoco registration registrations ' +
    'check checkin doors arrival accueil anmeldung einlass registro acreditación acreditacion inscripción ' +
    'inscripcion rejestracja credenciamento networking mingle socializing socialising party reception ' +
    'afterparty get together hallway sprints sprint tba tbd tbc sponsor sponsors excursion dinner ' +
    '休憩 昼食 ランチ 懇親会 受付 午餐 茶歇 休息 签到 점심 휴식 обед перерыв кофе регистрация ' +
    'استراحة غداء تسجيل הפסקה ארוחת הרשמה भोजन विराम पंजीकरण διάλειμμα γεύμα εγγραφή'
  ).split(' '),
);

/** Words that open or close a day rather than present anything. */
const ceremonyWords = new Set(
  (
    'welcome opening closing remarks introduction intro begrüßung eröffnung bienvenue ouverture clôture ' +
    'bienvenida apertura clausura cierre benvenuto apertura chiusura boas vindas abertura encerramento ' +
    'powitanie otwarcie zakończenie wrap announcements 開会 閉会 开幕 闭幕 открытие закрытие'
  ).split(' '),
);

/** Share of the text's words that name programme items that are not talks, and whether it starts with one. */
export const itemWordShare = memoize(measureItemWords, 20_000);

function measureItemWords(text: string): { share: number; first: boolean; ceremony: boolean } {
  const words = wordsOf(text);
  if (words.length === 0) return { share: 0, first: false, ceremony: false };
  const hits = words.filter((w) => itemWords.has(w)).length;
  return {
    share: hits / words.length,
    first: itemWords.has(words[0] as string),
    ceremony: words.some((w) => ceremonyWords.has(w)),
  };
}

const kindOfWord = new Map<string, TalkKind>();
for (const [kind, list] of [
  [
    'keynote',
    'keynote keynotes plenary plenaria plenário keynotevortrag キーノート 基調講演 主题演讲 기조연설 magistral',
  ],
  ['lightning', 'lightning blitz blitzvortrag blitzlicht flash lt ライトニング 闪电'],
  ['panel', 'panel panels panelists podium podiumsdiskussion roundtable パネル 圆桌 토론 табле'],
  [
    'workshop',
    'workshop workshops tutorial tutorials atelier ateliers taller talleres warsztat warsztaty oficina minicurso ワークショップ 工作坊 워크숍 мастер',
  ],
] as const) {
  for (const word of list.split(' ')) kindOfWord.set(word, kind);
}

/** The kind a text names ("Keynote", "Lightning talk", "Atelier", "lightning_talk"), or null. */
export const kindOf = memoize(findKind, 20_000);

function findKind(text: string): TalkKind | null {
  for (const word of wordsOf(text.replace(/_/g, ' '))) {
    const kind = kindOfWord.get(word);
    if (kind) return kind;
  }
  if (/mesa redonda|table ronde|round table|hands[- ]on/i.test(text))
    return /hands/i.test(text) ? 'workshop' : 'panel';
  return null;
}

/**
 * The kind a title shows: stricter than a type field's value, since titles use the same words for
 * other things ("the Lightning Network", "lightning-fast builds", "hands-on security").
 */
export function kindInTitle(title: string): TalkKind | null {
  const words = wordsOf(title);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const kind = kindOfWord.get(word);
    if (!kind) continue;
    if (kind === 'lightning' && !/^talks?$/.test(words[i + 1] ?? '')) continue;
    return kind;
  }
  return null;
}

/** A title that is only a kind of slot ("Keynote", "Workshop", "Lightning talks"). */
export const isKindOnly = (title: string) =>
  title.length <= 40 && kindOf(title) !== null && wordsOf(title).length <= 2;

/** Proposal states that mean the talk did not happen (a CfP export's declined, waitlisted, …). */
const notHeldStates = new Set(
  (
    'declined rejected waitlist waitlisted withdrawn cancelled canceled cancel annulé annulée annule abgelehnt ' +
    'abgesagt rechazado rechazada cancelado cancelada submitted draft pending'
  ).split(' '),
);
export const isNotHeldState = (state: string) => notHeldStates.has(state.trim().toLowerCase());

const cancelWords =
  'cancelled canceled cancel annulé annulée annule abgesagt entfällt entfallt cancelado cancelada anulado anulada annullato annullata odwołany odwołana postponed verschoben reporté reportée';
const cancelSet = new Set([...cancelWords.split(' '), 'fällt aus', 'fallt aus', 'findet nicht statt']);

/** A title's mark that its entry did not take place: why, and the title without the mark. */
export interface CancelMark {
  reason: string;
  title: string;
}

/**
 * Whether a title says its entry did not take place ('marked "cancelled"'), or null: "(cancelled)
 * Title", "Title [ABGESAGT]", "CANCELLED - Title", "Cancelled: Title".
 */
export function cancelMark(title: string): CancelMark | null {
  const text = title.trim();
  const mark = (word: string, rest: string) =>
    cancelSet.has(word.trim().toLowerCase())
      ? { reason: `marked "${word.trim()}"`, title: rest.trim() }
      : null;
  // A bracketed word at either end: found by position, not by a pattern over the whole title.
  if (text[0] === '(' || text[0] === '[') {
    const close = text.search(/[)\]]/);
    const found = close > 0 && close <= 24 ? mark(text.slice(1, close), text.slice(close + 1)) : null;
    if (found) return found;
  }
  const last = text.at(-1);
  if (last === ')' || last === ']') {
    const open = Math.max(text.lastIndexOf('('), text.lastIndexOf('['));
    const found =
      open >= 0 && text.length - open <= 24 ? mark(text.slice(open + 1, -1), text.slice(0, open)) : null;
    if (found) return found;
  }
  const lead = /^([\p{L}]{5,12})\s*(?:[:–—-]|!+)\s/u.exec(text);
  const found = lead ? mark(lead[1] as string, text.slice(lead[0].length)) : null;
  if (found) return found;
  // "Title -- CANCELLED!", "Title – fällt aus": the mark after the title's last dash.
  const dash = Math.max(
    text.lastIndexOf(' - '),
    text.lastIndexOf(' – '),
    text.lastIndexOf(' — '),
    text.lastIndexOf(' -- '),
  );
  if (dash > 0 && text.length - dash <= 28)
    return mark(
      trimWhere(text.slice(dash), (c) => /[\s–—!.-]/u.test(c)),
      text.slice(0, dash),
    );
  return null;
}
