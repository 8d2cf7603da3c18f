// ASCII slugs: the stable, human-readable identity of a node within its kind.
import anyAscii from 'any-ascii';

/** Removes accents and other combining marks: "Verónica López" → "Veronica Lopez". */
export function foldAccents(text: string): string {
  // Most text is ASCII: nothing to fold.
  if (!/[^\x20-\x7e\s]/.test(text)) return text;
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[Øø]/g, (c) => (c === 'Ø' ? 'O' : 'o'))
    .replace(/[Łł]/g, (c) => (c === 'Ł' ? 'L' : 'l'))
    .replace(/[Ææ]/g, (c) => (c === 'Æ' ? 'AE' : 'ae'))
    .replace(/[Đđ]/g, (c) => (c === 'Đ' ? 'D' : 'd'));
}

/** FNV-1a over the text's code units, in base 36: a short, stable fingerprint. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * "Verónica López" → "veronica-lopez"; "Go's Runtime" → "gos-runtime"; text in other scripts is
 * transliterated and keeps a fingerprint of what it was written as ("山田 太郎" →
 * "shantian-tailang-…"), since transliteration can make two names one. Empty when nothing is left.
 */
export function slugify(text: string): string {
  const folded = foldAccents(text);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the printable ASCII range
  if (!/[^\x00-\x7f]/.test(folded)) return asciiSlug(folded);
  const ascii = asciiSlug(anyAscii(folded));
  const original = folded.replace(/\s+/g, '').toLowerCase();
  return ascii ? `${ascii.slice(0, 110)}-${fingerprint(original)}` : '';
}

function asciiSlug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/['’`]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      // (?<!-): a run of dashes is tried from its first dash only, so trimming takes linear time.
      .replace(/^-+|(?<!-)-+$/g, '')
      .slice(0, 120)
      .replace(/(?<!-)-+$/g, '')
  );
}
