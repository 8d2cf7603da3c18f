// Schedule values as conference tools write them, normalized to what the store keeps: times as ISO
// 8601 (the offset kept when stated, else the venue's local time), durations in minutes, languages
// as BCP 47 tags. Each takes the forms real exports use and returns null for anything else, so a
// value is stored right or not at all.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2024-06-22T09:30:00+02:00", "2024-06-22 09:30", "20240622T093000Z", "2024-06-22T09:30:00.000Z" → ISO; else null. */
export function isoDateTime(text: string): string | null {
  const match =
    /^(\d{4})-?(\d{2})-?(\d{2})[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      text.trim(),
    );
  if (!match) return null;
  const [, y, mo, d, h, mi, s, zone] = match as unknown as (string | undefined)[];
  if (
    Number(mo) < 1 ||
    Number(mo) > 12 ||
    Number(d) < 1 ||
    Number(d) > 31 ||
    Number(h) > 24 ||
    Number(mi) > 59
  )
    return null;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${offsetOf(zone)}`;
}

function offsetOf(zone: string | undefined): string {
  if (!zone) return '';
  if (/^z$/i.test(zone)) return 'Z';
  const digits = zone.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3, 5) || '00'}`;
}

/** Does an ISO date-time state its offset (or UTC)? Without one it is the venue's local time. */
export const hasOffset = (iso: string) => /(?:Z|[+-]\d{2}:\d{2})$/.test(iso);

/** "2024-06-22" (or the date part of a date-time) → the date; else null. */
export function isoDate(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** A day and a clock time written apart ("2024-06-22" and "9:30") → the local date-time. */
export function atTime(day: string, time: string): string | null {
  const date = isoDate(day);
  const clock = /^(\d{1,2})[:.h](\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!date || !clock || Number(clock[1]) > 24 || Number(clock[2]) > 59) return null;
  return `${date}T${pad(Number(clock[1]))}:${clock[2]}:${clock[3] ?? '00'}`;
}

/** "00:40", "1:30:00", "PT1H30M", "45", "45 min" → minutes; else null. */
export function durationMinutes(text: string): number | null {
  const value = text.trim();
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]) + Math.round(Number(clock[3] ?? 0) / 60);
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(value);
  if (iso && value.length > 2)
    return (
      Number(iso[1] ?? 0) * 1440 +
      Number(iso[2] ?? 0) * 60 +
      Number(iso[3] ?? 0) +
      Math.round(Number(iso[4] ?? 0) / 60)
    );
  const minutes = /^(\d{1,4})\s*(?:m|min|mins|minutes?|minuten)?$/i.exec(value);
  return minutes ? Number(minutes[1]) : null;
}

/** An ISO date-time plus minutes, in the same offset (or local time) as it was written. */
export function plusMinutes(iso: string, minutes: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(.*)$/.exec(iso);
  if (!match) return iso;
  const [, y, mo, d, h, mi, s, zone] = match as unknown as string[];
  const t = new Date(
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi) + minutes, Number(s)),
  );
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${zone}`;
}

/** The UTC offset ("+02:00") of an IANA time zone at a local date-time, or null for an unknown zone. */
export function offsetInZone(timeZone: string, localIso: string): string | null {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  } catch {
    return null;
  }
  const asUtc = Date.parse(`${localIso.slice(0, 19)}Z`);
  if (Number.isNaN(asUtc)) return null;
  // The offset at the local time: take it at the instant that local time would be in UTC, then once
  // more at the corrected instant, which settles days when the clocks change.
  let offset = zoneOffsetAt(format, asUtc);
  offset = zoneOffsetAt(format, asUtc - offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function zoneOffsetAt(format: Intl.DateTimeFormat, instant: number): number {
  const name = format.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

const languageCodes =
  'aa ab af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'.split(
    ' ',
  );

let languageByName: Map<string, string> | null = null;

/** Language names in English and in the language itself ("German", "Deutsch") → their codes, from ICU. */
function languageNames(): Map<string, string> {
  if (languageByName) return languageByName;
  languageByName = new Map();
  const english = new Intl.DisplayNames(['en'], { type: 'language' });
  for (const code of languageCodes) {
    for (const display of [english, new Intl.DisplayNames([code], { type: 'language' })]) {
      const name = display.of(code)?.toLowerCase();
      if (name && name !== code && !languageByName.has(name)) languageByName.set(name, code);
    }
  }
  return languageByName;
}

/** "de", "en-US", "en_GB", "English", "Deutsch", "日本語" → a BCP 47 tag; else null. */
export function languageTag(text: string): string | null {
  const value = text.trim();
  const tag = /^([a-z]{2,3})(?:[-_]([a-z]{2}|\d{3}|[a-z]{4}))?$/i.exec(value);
  if (tag) {
    const [, language, region] = tag as unknown as [string, string, string | undefined];
    try {
      return Intl.getCanonicalLocales(region ? `${language}-${region}` : language)[0] ?? null;
    } catch {
      return null;
    }
  }
  return languageNames().get(value.toLowerCase()) ?? null;
}
