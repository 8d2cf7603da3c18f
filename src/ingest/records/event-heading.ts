// Events from a document's heading ("Go Systems Conf SF 2020", "GopherFest Summer 2016 Recap") and
// from prose ("at the Bently Reserve in downtown San Francisco").
import { trimEndWhere } from '../trim.js';
import type { ParsedEvent, Span } from '../types.js';

/** Common abbreviations of conference cities, as organizers write them in event names. */
export const cityAbbreviations: Record<string, string> = {
  SF: 'San Francisco',
  SFO: 'San Francisco',
  NYC: 'New York',
  NY: 'New York',
  LA: 'Los Angeles',
  LDN: 'London',
  BER: 'Berlin',
  AMS: 'Amsterdam',
  PDX: 'Portland',
  SEA: 'Seattle',
  CHI: 'Chicago',
  ATL: 'Atlanta',
  ATX: 'Austin',
  BOS: 'Boston',
  DC: 'Washington',
  DEN: 'Denver',
  MIA: 'Miami',
  SLC: 'Salt Lake City',
  SV: 'Silicon Valley',
  TLV: 'Tel Aviv',
  TYO: 'Tokyo',
  SYD: 'Sydney',
  MEL: 'Melbourne',
  PAR: 'Paris',
  BCN: 'Barcelona',
  MAD: 'Madrid',
  SP: 'São Paulo',
  BLR: 'Bangalore',
  SG: 'Singapore',
  HK: 'Hong Kong',
  YVR: 'Vancouver',
  YYZ: 'Toronto',
  MTL: 'Montreal',
};

/** Cities recognized when prose names them ("in downtown Austin"); a city in the heading needs no list. */
const knownCities = new Set([
  ...Object.values(cityAbbreviations),
  ...'New York,London,Berlin,Paris,Amsterdam,Dublin,Lisbon,Madrid,Barcelona,Munich,Hamburg,Vienna,Zurich,Prague,Warsaw,Stockholm,Copenhagen,Oslo,Helsinki,Brussels,Milan,Rome,Florence,Kraków,Krakow,Budapest,Bucharest,Kyiv,Istanbul,Athens,Edinburgh,Manchester,Bristol,Cambridge,Oxford,Tokyo,Osaka,Seoul,Beijing,Shanghai,Shenzhen,Taipei,Bangalore,Bengaluru,Mumbai,Delhi,Pune,Hyderabad,Chennai,Jakarta,Kuala Lumpur,Manila,Bangkok,Hanoi,Sydney,Melbourne,Auckland,Wellington,Toronto,Montreal,Vancouver,Ottawa,Mexico City,Guadalajara,Bogotá,Bogota,Lima,Santiago,Buenos Aires,Montevideo,São Paulo,Sao Paulo,Rio de Janeiro,Cape Town,Johannesburg,Lagos,Nairobi,Cairo,Tel Aviv,Dubai,San Francisco,Oakland,San Jose,Palo Alto,Mountain View,Los Angeles,San Diego,Seattle,Portland,Denver,Boulder,Austin,Dallas,Houston,Chicago,Minneapolis,Detroit,Boston,Philadelphia,Pittsburgh,Washington,Baltimore,Atlanta,Miami,Orlando,Nashville,Raleigh,Salt Lake City,Phoenix,Las Vegas'.split(
    ',',
  ),
]);

const eventWords =
  /\b(?:conf(?:erence)?s?|con|summits?|meetups?|fest|festival|days?|camp|forum|symposium|workshop|hackathon|expo|week|world|live|connect|europe|eu|us|asia|africa)\b/i;
const recapWords = /\b(?:recap|wrap-?up|highlights|round-?up|report|notes|trip report)\b[\s!.]*$/i;
/** Words of a page's title that name the page, not the event: "Schedule – X", "X 2024 Programme", "Talks at X". */
const pagePrefix =
  /^(?:the\s+)?(?:schedule|programme|program|agenda|talks|sessions|timetable|zeitplan|programm|horaire|programa)(?:\s+(?:at|of|for|from))?[\s\-–—:|]*\s/i;
const pageSuffix = /\b(?:schedule|programme|program|agenda|timetable|zeitplan|programm)\s*$/i;
const isSeparator = (c: string) => /[\s\-–—:|,;]/.test(c);

/** The text without a match of `words` at its end and the separators before it. */
function withoutEnd(text: string, words: RegExp): string {
  const match = words.exec(text);
  return match && match.index > 0 ? trimEndWhere(text.slice(0, match.index), isSeparator) : text;
}

/** "... Recap", "... Highlights": the title of a post about an event. */
export function isRecapTitle(text: string): boolean {
  return recapWords.test(text.trim());
}

/** Does this line read like the name of an event (a year, an event word, or "Recap")? */
export function looksLikeEventName(text: string): boolean {
  return /\b(?:19|20)\d{2}\b/.test(text) || eventWords.test(text) || recapWords.test(text);
}

/**
 * "Go Systems Conf SF 2020" → name "Go Systems Conf", year 2020, city San Francisco. The year, a
 * city abbreviation or a known city at the end, and words like "Recap" are taken out of the name.
 */
export function parseEventHeading(text: string, span: Span | null = null): ParsedEvent | null {
  let rest = withoutEnd(
    text
      .replace(/^#+\s*/, '')
      .replace(/\*\*|__/g, '')
      .trim(),
    recapWords,
  );
  rest = withoutEnd(withoutEnd(rest.replace(pagePrefix, ''), pageSuffix), pageSuffix).trim();
  if (!rest) return null;
  let year: number | null = null;
  const yearMatch = /\b((?:19|20)\d{2})\b/.exec(rest);
  if (yearMatch) {
    year = Number(yearMatch[1]);
    rest = `${rest.slice(0, yearMatch.index)} ${rest.slice(yearMatch.index + 4)}`.replace(/\s+/g, ' ').trim();
  }
  let city: string | null = null;
  const tokens = rest.split(/\s+/);
  for (let i = tokens.length - 1; i >= 1 && !city; i--) {
    const token = (tokens[i] as string).replace(/[,()]/g, '');
    const expanded = cityAbbreviations[token];
    if (expanded) {
      city = expanded;
      tokens.splice(i, 1);
    }
  }
  rest = tokens.join(' ');
  if (!city) {
    const match = cityAtEnd.exec(rest);
    if (match && match.index > 0) {
      city = match[1] as string;
      rest = rest.slice(0, match.index).trim();
    }
  }
  const name = trimEndWhere(rest, isSeparator).trim();
  if (!name) return null;
  return { name, year, city, venue: null, span };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Built once: every known city in one alternation, longest first ("New York" before "York").
const citiesByLength = [...knownCities]
  .sort((a, b) => b.length - a.length)
  .map(escapeRegExp)
  .join('|');
const cityInProse = new RegExp(
  `\\bin (?:(?:downtown|central|beautiful|sunny|rainy|historic|the heart of|the city of)\\s+)*(${citiesByLength})\\b`,
);
const cityAtEnd = new RegExp(`(?:^|[\\s,(–—-])(${citiesByLength})\\)?$`);
const venueInProse =
  /\b(?:at|in) the (?:(?:prestigious|historic|beautiful|famous|iconic|stunning|new|old|gorgeous|lovely|grand)\s+)*((?:\p{Lu}[\p{L}'’&.-]*)(?:\s+(?:of|the|de|and|&)?\s*\p{Lu}[\p{L}'’&.-]*){0,5})/u;

/**
 * Venue and city from an intro paragraph: "at the Bently Reserve in downtown San Francisco",
 * "hosted at Foo Hall, Berlin".
 */
export function placeFromProse(text: string): { venue: string | null; city: string | null } {
  const city = cityInProse.exec(text)?.[1] ?? null;
  let venue = venueInProse.exec(text)?.[1]?.trim() ?? null;
  if (venue && (knownCities.has(venue) || venue === city)) venue = null;
  return { venue, city };
}
