// ASCII slugs: the stable, human-readable identity of a node within its kind.

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

/** "Verónica López" → "veronica-lopez"; "Go's Runtime" → "gos-runtime". Empty when nothing is left. */
export function slugify(text: string): string {
  return (
    foldAccents(text)
      .toLowerCase()
      .replace(/['’`]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      // (?<!-): a run of dashes is tried from its first dash only, so trimming takes linear time.
      .replace(/^-+|(?<!-)-+$/g, '')
      .slice(0, 120)
      .replace(/(?<!-)-+$/g, '')
  );
}
