// Trimming a run of characters off the end of a text by a loop: a regular expression like
// /[\s,:]+$/ is tried from every position of a long run and takes time quadratic in its length.

/** `text` without the characters at its end that `drop` says to drop. */
export function trimEndWhere(text: string, drop: (char: string) => boolean): string {
  let end = text.length;
  while (end > 0 && drop(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

/** `text` without the characters at its start and end that `drop` says to drop. */
export function trimWhere(text: string, drop: (char: string) => boolean): string {
  let start = 0;
  while (start < text.length && drop(text[start] as string)) start++;
  return trimEndWhere(text.slice(start), drop);
}
