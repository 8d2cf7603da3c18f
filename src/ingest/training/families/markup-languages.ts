// Programmes in the lightweight and typesetting markups: Org-mode (headlines with property drawers
// or "- Speaker :: Name" lists, or an Org table), AsciiDoc (sections with description lists or
// labelled lines, or a |=== table), reStructuredText (sections with field lists, grid and simple
// tables, csv-table directives) and LaTeX (repeated macro calls, a tabular, or sections).
import { asciidocInline, latexInline, orgInline, rstInline } from '../inline.js';
import { createProgramme, type Entry, type Programme } from '../programme.js';
import {
  cancelledMark,
  dayCount,
  dayHeading,
  entriesOf,
  type FamilyContext,
  GoldRecorder,
  introLine,
  isoDate,
  kindLabel,
  type LayoutFamily,
  label,
  speakerText,
  timeRange,
} from '../rendering.js';
import { csvField, displayWidth, escapeLatex, padDisplay } from '../syntax.js';
import { type Cells, type Column, designTable, type TableDesign, tableRows } from './table-model.js';

function standardProgramme(context: FamilyContext, talks: readonly [number, number]): Programme {
  const { rng, language, english } = context;
  return createProgramme(rng, language, english, {
    talks,
    days: [1, 2],
    rooms: [1, 3],
    breaks: rng.chance(0.6),
    cancelled: 0.15,
    tba: 0.1,
  });
}

function ordered(design: TableDesign, cells: Cells): string[] {
  return design.columns.map((c: Column) => cells[c]);
}

/** Fields of a talk as (label, value) pairs, in the document's order; organisations in the speaker value. */
function talkFields(
  context: FamilyContext,
  talk: Entry & { type: 'talk' },
  options: { organizations: boolean; time: boolean; room: boolean; kind: boolean },
) {
  const t = talk.talk;
  const fields: [string, string][] = [];
  fields.push([
    t.speakers.length > 1 ? label(context, 'speakers') : label(context, 'speaker'),
    speakerText(context, t.speakers, { organizations: options.organizations }),
  ]);
  if (options.time) fields.push([label(context, 'time'), timeRange(context, t.start, t.end)]);
  if (options.room) fields.push([label(context, 'room'), t.room]);
  if (options.kind) fields.push([label(context, 'kind'), kindLabel(context, t.kind)]);
  return context.style.flag('fields-shuffled', 0.3) ? context.rng.shuffle(fields) : fields;
}

export const orgMode: LayoutFamily = {
  id: 'org-mode',
  render(context) {
    const { rng, style } = context;
    const programme = standardProgramme(context, [3, 24]);
    const recorder = new GoldRecorder();
    const layout = rng.weighted([
      ['drawers', 4],
      ['descriptions', 3],
      ['table', 3],
    ] as const);
    recorder.event = programme.event.name;
    const lines = [
      `#+TITLE: ${programme.event.name}`,
      `#+DATE: ${isoDate(programme.event.dates[0] as Date)}`,
      '',
    ];
    if (rng.chance(0.4)) lines.push(introLine(context, programme), '');
    const organizations = rng.chance(0.5);
    const options = {
      organizations,
      time: rng.chance(0.6),
      room: programme.rooms.length > 1 && rng.chance(0.5),
      kind: rng.chance(0.3),
    };
    const propertyName = style.one('org-property', ['SPEAKER', 'SPEAKERS', 'PRESENTER', 'AUTHOR']);
    for (let day = 0; day < dayCount(programme); day++) {
      lines.push(`* ${dayHeading(context, programme, day)}`);
      const entries = entriesOf(programme, day);
      if (layout === 'table') {
        const design = designTable(context, programme, { time: 0.8, singleLine: true, emptyHeaders: 0 });
        const rows = tableRows(context, programme, design, entries, recorder, orgInline, (t) => `+${t}+`);
        const all = [design.headers, ...rows.map((r) => ordered(design, r))];
        const widths = design.columns.map((_, i) =>
          Math.max(...all.map((row) => displayWidth(row[i] ?? ''))),
        );
        const line = (row: readonly string[]) =>
          `| ${row.map((c, i) => padDisplay(c, widths[i] ?? 0)).join(' | ')} |`;
        lines.push(
          line(design.headers),
          `|${widths.map((w) => '-'.repeat(w + 2)).join('+')}|`,
          ...rows.map((r) => line(ordered(design, r))),
          '',
        );
        continue;
      }
      for (const entry of entries) {
        if (entry.type === 'break') {
          if (!options.time) continue;
          recorder.notTalk(entry.item.label);
          lines.push(`** ${entry.item.label}`, `   ${timeRange(context, entry.item.start, entry.item.end)}`);
          continue;
        }
        const talk = entry.talk;
        const tags = rng.chance(0.15)
          ? `  :${kindLabel(context, talk.kind).replace(/[^\p{L}\p{N}_@#%]+/gu, '_')}:`
          : '';
        const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
        lines.push(`** ${talk.title}${mark}${tags}`);
        if (layout === 'drawers') {
          lines.push(':PROPERTIES:');
          lines.push(`:${propertyName}: ${speakerText(context, talk.speakers, { organizations: false })}`);
          if (organizations && talk.speakers.some((p) => p.organization))
            lines.push(`:AFFILIATION: ${talk.speakers.map((p) => p.organization ?? '-').join(', ')}`);
          if (options.time) lines.push(`:TIME: ${talk.start}`);
          if (options.room) lines.push(`:ROOM: ${talk.room}`);
          if (options.kind) lines.push(`:TYPE: ${talk.kind}`);
          lines.push(':END:');
        } else {
          for (const [name, value] of talkFields(context, entry, options))
            lines.push(`- ${name} :: ${value}`);
        }
        if (rng.chance(0.6)) lines.push('', talk.abstract);
        lines.push('');
        // A drawer's affiliations are paired with the speakers by position.
        if (talk.cancelled) recorder.cancelled(talk, `${talk.title}${mark}`);
        else recorder.talk(talk, { organizations });
      }
    }
    return {
      files: [{ name: rng.pick(['programme.org', 'talks.org', 'schedule.org']), text: lines.join('\n') }],
      gold: recorder.build(),
    };
  },
};

export const asciidoc: LayoutFamily = {
  id: 'asciidoc',
  render(context) {
    const { rng, style } = context;
    const programme = standardProgramme(context, [3, 24]);
    const recorder = new GoldRecorder();
    const layout = rng.weighted([
      ['sections', 4],
      ['table', 3],
      ['terms', 2],
    ] as const);
    recorder.event = programme.event.name;
    const lines = [`= ${programme.event.name}`];
    if (rng.chance(0.5)) lines.push(':toc:', ':icons: font');
    lines.push('');
    if (rng.chance(0.5)) lines.push(introLine(context, programme), '');
    const organizations = rng.chance(0.5);
    const options = {
      organizations,
      time: rng.chance(0.6),
      room: programme.rooms.length > 1 && rng.chance(0.5),
      kind: rng.chance(0.3),
    };
    const labelled = style.one('adoc-fields', ['description-list', 'bold-lines']);
    for (let day = 0; day < dayCount(programme); day++) {
      lines.push(`== ${dayHeading(context, programme, day)}`, '');
      const entries = entriesOf(programme, day);
      if (layout === 'table') {
        const design = designTable(context, programme, { time: 0.8, singleLine: true, emptyHeaders: 0 });
        const rows = tableRows(
          context,
          programme,
          design,
          entries,
          recorder,
          asciidocInline,
          (t) => `[line-through]#${t}#`,
        );
        const cols = design.columns
          .map((c) => (c === 'title' || c === 'abstract' ? 3 : c === 'speakers' ? 2 : 1))
          .join(',');
        lines.push(`[cols="${cols}",options="header"]`, '|===');
        const cellPerLine = style.flag('adoc-cell-lines', 0.4);
        const row = (cells: readonly string[]) =>
          cellPerLine ? cells.map((c) => `|${c}`).join('\n') : cells.map((c) => `|${c}`).join(' ');
        lines.push(row(design.headers), '');
        for (const r of rows) lines.push(row(ordered(design, r)), ...(cellPerLine ? [''] : []));
        lines.push('|===', '');
        continue;
      }
      for (const entry of entries) {
        if (entry.type === 'break') {
          if (!options.time) continue;
          recorder.notTalk(entry.item.label);
          lines.push(
            layout === 'terms'
              ? `${timeRange(context, entry.item.start, entry.item.end)}:: ${entry.item.label}`
              : `=== ${entry.item.label}`,
            '',
          );
          continue;
        }
        const talk = entry.talk;
        const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
        if (layout === 'terms') {
          lines.push(`${talk.title}${mark}::`, `  ${speakerText(context, talk.speakers, { organizations })}`);
          if (rng.chance(0.5)) lines.push(`+`, talk.abstract);
          lines.push('');
        } else {
          lines.push(`=== ${talk.title}${mark}`, '');
          const fields = talkFields(context, entry, options);
          if (labelled === 'description-list')
            for (const [name, value] of fields) lines.push(`${name}:: ${value}`);
          else lines.push(fields.map(([name, value]) => `*${name}:* ${value}`).join(' +\n'));
          lines.push('');
          if (rng.chance(0.6)) lines.push(talk.abstract, '');
        }
        if (talk.cancelled) recorder.cancelled(talk, `${talk.title}${mark}`);
        else recorder.talk(talk, { organizations });
      }
    }
    return {
      files: [
        { name: rng.pick(['programme.adoc', 'talks.adoc', 'schedule.asciidoc']), text: lines.join('\n') },
      ],
      gold: recorder.build(),
    };
  },
};

/** A reStructuredText section title: the underline at least as wide as the title's display width. */
function rstTitle(text: string, char: string, overline = false): string[] {
  const rule = char.repeat(displayWidth(text) + (overline ? 2 : 0));
  return overline ? [rule, ` ${text}`, rule] : [text, rule];
}

function gridTable(headers: readonly string[] | null, rows: readonly (readonly string[])[]): string[] {
  const all = headers ? [headers, ...rows] : rows;
  const widths = (all[0] ?? []).map((_, i) => Math.max(1, ...all.map((row) => displayWidth(row[i] ?? ''))));
  const rule = (char: string) => `+${widths.map((w) => char.repeat(w + 2)).join('+')}+`;
  const line = (row: readonly string[]) =>
    `| ${row.map((c, i) => padDisplay(c, widths[i] ?? 1)).join(' | ')} |`;
  const out = [rule('-')];
  if (headers) out.push(line(headers), rule('='));
  for (const row of rows) out.push(line(row), rule('-'));
  return out;
}

function simpleTable(headers: readonly string[] | null, rows: readonly (readonly string[])[]): string[] {
  const all = headers ? [headers, ...rows] : rows;
  const widths = (all[0] ?? []).map((_, i) => Math.max(1, ...all.map((row) => displayWidth(row[i] ?? ''))));
  const rule = widths.map((w) => '='.repeat(w)).join('  ');
  const line = (row: readonly string[]) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : padDisplay(c, widths[i] ?? 1)))
      .join('  ')
      .trimEnd();
  return headers ? [rule, line(headers), rule, ...rows.map(line), rule] : [rule, ...rows.map(line), rule];
}

export const restructuredText: LayoutFamily = {
  id: 'rst',
  render(context) {
    const { rng, style } = context;
    const programme = standardProgramme(context, [3, 24]);
    const recorder = new GoldRecorder();
    const layout = rng.weighted([
      ['sections', 3],
      ['grid', 2],
      ['simple', 2],
      ['csv-table', 3],
    ] as const);
    recorder.event = programme.event.name;
    const lines = [...rstTitle(programme.event.name, '=', rng.chance(0.5)), ''];
    if (rng.chance(0.5)) lines.push(introLine(context, programme), '');
    const organizations = rng.chance(0.5);
    const options = {
      organizations,
      time: rng.chance(0.6),
      room: programme.rooms.length > 1 && rng.chance(0.5),
      kind: rng.chance(0.3),
    };
    const dayChar = style.one('rst-day', ['-', '~']);
    for (let day = 0; day < dayCount(programme); day++) {
      lines.push(...rstTitle(dayHeading(context, programme, day), dayChar), '');
      const entries = entriesOf(programme, day);
      if (layout === 'sections') {
        for (const entry of entries) {
          if (entry.type === 'break') {
            if (!options.time) continue;
            recorder.notTalk(entry.item.label);
            lines.push(
              ...rstTitle(entry.item.label, '^'),
              '',
              `:${label(context, 'time')}: ${timeRange(context, entry.item.start, entry.item.end)}`,
              '',
            );
            continue;
          }
          const talk = entry.talk;
          const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
          lines.push(...rstTitle(`${talk.title}${mark}`, '^'), '');
          for (const [name, value] of talkFields(context, entry, options)) lines.push(`:${name}: ${value}`);
          lines.push('');
          if (rng.chance(0.6)) lines.push(talk.abstract, '');
          if (talk.cancelled) recorder.cancelled(talk, `${talk.title}${mark}`);
          else recorder.talk(talk, { organizations });
        }
        continue;
      }
      const design = designTable(context, programme, {
        time: layout === 'simple' ? 0.95 : 0.7,
        singleLine: true,
        emptyHeaders: layout === 'csv-table' ? 0.15 : 0,
      });
      // A simple table reads a row with an empty first cell as the previous row's continuation.
      if (layout === 'simple' && design.columns[0] !== 'time' && design.columns[0] !== 'title') {
        const at = design.columns.indexOf('title');
        design.columns.unshift(...design.columns.splice(at, 1));
        design.headers.unshift(...design.headers.splice(at, 1));
      }
      const headers = design.columns.map((_, i) => design.headers[i] ?? '');
      const hasHeaders = headers.some((h) => h);
      const rows = tableRows(context, programme, design, entries, recorder, rstInline).map((r) =>
        ordered(design, r),
      );
      if (layout === 'csv-table') {
        lines.push(`.. csv-table:: ${rng.chance(0.5) ? label(context, 'programme') : ''}`.trimEnd());
        if (hasHeaders)
          lines.push(`   :header: ${headers.map((h) => `"${h.replace(/"/g, '""')}"`).join(', ')}`);
        if (rng.chance(0.5))
          lines.push(
            `   :widths: ${design.columns.map((c) => (c === 'title' ? 40 : c === 'speakers' ? 25 : 10)).join(', ')}`,
          );
        lines.push('');
        for (const row of rows) lines.push(`   ${row.map((c) => csvField(c, ',', true)).join(', ')}`);
        lines.push('');
      } else if (layout === 'grid') lines.push(...gridTable(hasHeaders ? headers : null, rows), '');
      else lines.push(...simpleTable(hasHeaders ? headers : null, rows), '');
    }
    return {
      files: [{ name: rng.pick(['programme.rst', 'talks.rst', 'index.rst']), text: lines.join('\n') }],
      gold: recorder.build(),
    };
  },
};

const macroNames = ['talk', 'session', 'programmeitem', 'vortrag', 'slot', 'presentation'];

export const latexProgramme: LayoutFamily = {
  id: 'latex',
  render(context) {
    const { rng, language, style } = context;
    const programme = standardProgramme(context, [3, 24]);
    const recorder = new GoldRecorder();
    const layout = rng.weighted([
      ['macros', 4],
      ['tabular', 3],
      ['sections', 2],
    ] as const);
    recorder.event = programme.event.name;
    const e = escapeLatex;
    const organizations = rng.chance(0.4);
    const cjk = ['Han', 'Japanese', 'Hangul'].includes(language.script);
    const lines = [`\\documentclass[a4paper]{${rng.pick(['article', 'scrartcl'])}}`];
    lines.push(cjk ? '\\usepackage{xeCJK}' : '\\usepackage{fontspec}', '\\usepackage{hyperref}');
    if (layout === 'tabular') lines.push('\\usepackage{longtable}');
    const macro = style.one('latex-macro', macroNames);
    const argOrder = style.one('latex-args', [
      ['time', 'title', 'speakers'],
      ['title', 'speakers'],
      ['speakers', 'title'],
      ['time', 'speakers', 'title', 'room'],
      ['title', 'speakers', 'abstract'],
    ] as const);
    if (layout === 'macros') {
      const body = argOrder
        .map((arg, i) =>
          arg === 'title'
            ? `\\textbf{#${i + 1}}`
            : arg === 'speakers'
              ? `\\emph{#${i + 1}}`
              : arg === 'abstract'
                ? `\\par\\small #${i + 1}`
                : `#${i + 1}`,
        )
        .join(' \\\\ ');
      lines.push(`\\newcommand{\\${macro}}[${argOrder.length}]{\\item ${body}}`);
    }
    lines.push(
      `\\title{${e(programme.event.name)}}`,
      `\\date{${e(isoDate(programme.event.dates[0] as Date))}}`,
      '',
      '\\begin{document}',
      '\\maketitle',
      '',
    );
    for (let day = 0; day < dayCount(programme); day++) {
      lines.push(`\\section*{${e(dayHeading(context, programme, day))}}`, '');
      const entries = entriesOf(programme, day);
      if (layout === 'tabular') {
        const design = designTable(context, programme, { time: 0.8, singleLine: true, emptyHeaders: 0.05 });
        const rows = tableRows(
          context,
          programme,
          design,
          entries,
          recorder,
          latexInline,
          (t) => `\\sout{${t}}`,
        );
        lines.push(
          `\\begin{longtable}{${design.columns.map((c) => (c === 'title' || c === 'abstract' ? 'p{6cm}' : 'l')).join('')}}`,
          '\\hline',
        );
        if (design.headers.some((h) => h))
          lines.push(`${design.headers.map((h) => `\\textbf{${e(h)}}`).join(' & ')} \\\\`, '\\hline');
        for (const r of rows) lines.push(`${ordered(design, r).join(' & ')} \\\\`);
        lines.push('\\hline', '\\end{longtable}', '');
        continue;
      }
      if (layout === 'macros') lines.push('\\begin{itemize}');
      for (const entry of entries) {
        if (entry.type === 'break') {
          if (layout !== 'macros' || argOrder[0] !== 'time') continue;
          recorder.notTalk(entry.item.label);
          lines.push(
            `\\item[] \\textit{${e(timeRange(context, entry.item.start, entry.item.end))} ${e(entry.item.label)}}`,
          );
          continue;
        }
        const talk = entry.talk;
        const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
        const speakers = e(speakerText(context, talk.speakers, { organizations }));
        if (layout === 'macros') {
          const args = argOrder.map((arg) =>
            arg === 'time'
              ? e(timeRange(context, talk.start, talk.end))
              : arg === 'title'
                ? e(`${talk.title}${mark}`)
                : arg === 'speakers'
                  ? speakers
                  : arg === 'room'
                    ? e(talk.room)
                    : e(talk.abstract),
          );
          lines.push(`\\${macro}${args.map((a) => `{${a}}`).join('')}`);
        } else {
          lines.push(`\\subsection*{${e(`${talk.title}${mark}`)}}`, `\\textit{${speakers}}`, '');
          if (rng.chance(0.7)) lines.push(e(talk.abstract), '');
        }
        if (talk.cancelled) recorder.cancelled(talk, `${talk.title}${mark}`);
        else recorder.talk(talk, { organizations });
      }
      if (layout === 'macros') lines.push('\\end{itemize}', '');
    }
    lines.push('\\end{document}', '');
    return {
      files: [{ name: rng.pick(['programme.tex', 'schedule.tex', 'talks.tex']), text: lines.join('\n') }],
      gold: recorder.build(),
    };
  },
};
