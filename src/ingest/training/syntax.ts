// How each syntax writes a value so that its own parser reads the same text back: escaping for
// HTML, XML, LaTeX, CSV, YAML scalars and iCalendar text, iCalendar line folding, and wrapping of
// running text that never starts a line with something Markdown or plain text would read as
// structure (a bullet, a heading, a numbered item).

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

export const escapeXml = escapeAttribute;

const latexSpecials: Record<string, string> = {
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
};

export function escapeLatex(text: string): string {
  return text.replace(/[&%$#_{}~^\\]/g, (c) => latexSpecials[c] ?? c);
}

/** A CSV field: quoted when it holds the delimiter, a quote or a line break (or when asked). */
export function csvField(value: string, delimiter: string, alwaysQuote = false): string {
  if (alwaysQuote || value.includes(delimiter) || /["\n\r]/.test(value) || /^\s|\s$/.test(value))
    return `"${value.replace(/"/g, '""')}"`;
  return value;
}

const yamlReserved = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;

export type YamlQuoting = 'plain' | 'double' | 'single';

/**
 * A YAML scalar on one line. With 'plain' quoting (the way most people write Jekyll data by hand)
 * a value is quoted only when it must be; with 'double' or 'single' every string is quoted.
 * Double quotes use JSON's escapes, which are YAML's.
 */
export function yamlScalar(value: string, quoting: YamlQuoting = 'plain'): string {
  const plainSafe =
    value !== '' &&
    !yamlReserved.test(value) &&
    !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(value) &&
    !/[:#]\s|\s#|:$|[\n\t]|\s$/.test(value) &&
    !/^[\d.+-]+$/.test(value) &&
    !/^\d{1,2}:\d{2}/.test(value);
  if (plainSafe && quoting === 'plain') return value;
  if (quoting === 'single' && !value.includes('\n')) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

/** iCalendar TEXT: backslash, semicolon, comma and line breaks escaped. */
export function icalText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets, never inside a UTF-8 sequence; continuation lines start with a space. */
export function foldIcalLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const code = char.codePointAt(0) ?? 0;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** A line must not start with what Markdown or a plain-text reader takes for structure. */
const structuralStart = /^(?:[-*+>#|=~`]|\d+[.)]|:)/;

/** Wraps running text at `width` columns; `indent` prefixes continuation lines. */
export function wrapText(text: string, width: number, indent = ''): string {
  const words = text.split(/ +/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && [...candidate].length > width && !structuralStart.test(word)) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines.join(`\n${indent}`);
}

/** The visible width of text in a monospace font: East Asian wide characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
        ? 2
        : 1;
  }
  return width;
}

/** Pads to a display width (for aligned plain-text, RST and Org tables). */
export function padDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
