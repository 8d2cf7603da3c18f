// Inline markup of each syntax the generated documents are written in: how a link, strong and
// emphasised text and a line break inside a table cell are written, and how plain text is escaped.
// A title wrapped in any of these still reads as the same title once the markup is removed.
// Every function takes text that is already escaped (or marked up), so that they nest.
import { escapeAttribute, escapeHtml, escapeLatex } from './syntax.js';

export interface InlineMarkup {
  escape(text: string): string;
  link(text: string, url: string): string;
  strong(text: string): string;
  emphasis(text: string): string;
  /** Between lines inside one table cell. */
  cellBreak: string;
}

export const markdownInline: InlineMarkup = {
  escape: (text) => text,
  link: (text, url) => `[${text}](${url})`,
  strong: (text) => `**${text}**`,
  emphasis: (text) => `*${text}*`,
  cellBreak: '<br>',
};

export const htmlInline: InlineMarkup = {
  escape: escapeHtml,
  link: (text, url) => `<a href="${escapeAttribute(url)}">${text}</a>`,
  strong: (text) => `<strong>${text}</strong>`,
  emphasis: (text) => `<em>${text}</em>`,
  cellBreak: '<br>',
};

export const mediawikiInline: InlineMarkup = {
  escape: (text) => text,
  link: (text, url) => `[${url} ${text}]`,
  strong: (text) => `'''${text}'''`,
  emphasis: (text) => `''${text}''`,
  cellBreak: '<br />',
};

export const orgInline: InlineMarkup = {
  escape: (text) => text,
  link: (text, url) => `[[${url}][${text}]]`,
  strong: (text) => (/[*]/.test(text) ? text : `*${text}*`),
  emphasis: (text) => (/[/]/.test(text) ? text : `/${text}/`),
  cellBreak: ', ',
};

export const asciidocInline: InlineMarkup = {
  escape: (text) => text,
  // Link text with a comma, quote or bracket would be read as attributes: leave such text unlinked.
  link: (text, url) => (/[,"\]=]/.test(text) ? text : `${url}[${text}]`),
  strong: (text) => `*${text}*`,
  emphasis: (text) => `_${text}_`,
  cellBreak: ' +\n',
};

export const rstInline: InlineMarkup = {
  escape: (text) => text,
  // Anonymous references (two underscores) so that equal link texts do not clash.
  link: (text, url) => (/[`<>]/.test(text) ? text : `\`${text} <${url}>\`__`),
  strong: (text) => `**${text}**`,
  emphasis: (text) => `*${text}*`,
  cellBreak: ' ',
};

export const latexInline: InlineMarkup = {
  escape: escapeLatex,
  link: (text, url) => `\\href{${url.replace(/[%#]/g, (c) => `\\${c}`)}}{${text}}`,
  strong: (text) => `\\textbf{${text}}`,
  emphasis: (text) => `\\emph{${text}}`,
  cellBreak: ' \\newline ',
};

export const plainInline: InlineMarkup = {
  escape: (text) => text,
  link: (text, url) => `${text} <${url}>`,
  strong: (text) => text,
  emphasis: (text) => text,
  cellBreak: ' / ',
};
