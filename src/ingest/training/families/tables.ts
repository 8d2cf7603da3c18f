// Table layouts written as text: Markdown pipe tables (one table, one per day, or one per room under
// day headings), CSV/TSV exports of a call for papers or a schedule, and MediaWiki tables and lists.
import { markdownInline, mediawikiInline, plainInline } from '../inline.js';
import { createProgramme, type Entry, type Programme, type Talk } from '../programme.js';
import {
  cancelledMark,
  dayCount,
  dayHeading,
  entriesOf,
  type FamilyContext,
  formatTime,
  GoldRecorder,
  introLine,
  joinNames,
  kindLabel,
  type LayoutFamily,
  label,
  organizationForm,
  speakerText,
  timeRange,
  withOrganization,
} from '../rendering.js';
import { csvField, displayWidth, padDisplay } from '../syntax.js';
import { type Cells, designTable, headerWord, tableRows } from './table-model.js';

export function markdownPipeTable(
  context: FamilyContext,
  headers: readonly string[],
  rows: readonly string[][],
): string {
  const { style } = context;
  const aligned = style.flag('md-aligned', 0.3);
  const outer = style.flag('md-outer-pipes', 0.85);
  const rule = style.one('md-rule', ['---', ':---', '-----------', ':--']);
  const widths = headers.map((h, i) =>
    Math.max(3, displayWidth(h), ...rows.map((row) => displayWidth(row[i] ?? ''))),
  );
  const line = (cells: readonly string[]) => {
    const body = cells.map((c, i) => (aligned ? padDisplay(c, widths[i] ?? 3) : c)).join(' | ');
    return outer ? `| ${body} |` : body;
  };
  const ruleCells = headers.map((_, i) => (aligned ? rule.padEnd(widths[i] ?? 3, '-') : rule));
  const ruleLine = outer ? `|${ruleCells.map((c) => ` ${c} `).join('|')}|` : ruleCells.join(' | ');
  return [line(headers), ruleLine, ...rows.map(line)].join('\n');
}

function documentHead(
  context: FamilyContext,
  programme: Programme,
  recorder: GoldRecorder,
  heading = '#',
): string[] {
  const { rng } = context;
  const lines: string[] = [];
  const form = rng.weighted([
    ['front-matter', 2],
    ['heading', 5],
    ['programme-heading', 2],
    ['none', 1],
  ] as const);
  recorder.event = programme.event.name;
  if (form === 'front-matter')
    lines.push('---', `title: "${programme.event.name}"`, 'layout: page', '---', '');
  if (form === 'heading') lines.push(`${heading} ${programme.event.name}`, '');
  if (form === 'programme-heading')
    lines.push(`${heading} ${label(context, 'programme')}`, '', introLine(context, programme), '');
  if (form === 'none') recorder.event = undefined;
  else if (rng.chance(0.4)) lines.push(introLine(context, programme), '');
  return lines;
}

export const markdownTable: LayoutFamily = {
  id: 'md-table',
  render(context) {
    const { rng, language, english } = context;
    const layout = rng.weighted([
      ['single', 4],
      ['per-day', 3],
      ['per-room', 2],
      ['two-row', 2],
    ] as const);
    const programme = createProgramme(rng, language, english, {
      talks: [4, 36],
      days: layout === 'single' ? [1, 2] : [1, 3],
      rooms: layout === 'per-room' ? [2, 4] : [1, 3],
      breaks: rng.chance(0.7),
      cancelled: 0.25,
      tba: 0.2,
      meetup: layout === 'single' && rng.chance(0.2),
    });
    const recorder = new GoldRecorder();
    const design = designTable(context, programme, {
      time: layout === 'per-room' ? 0.9 : 0.6,
      room: layout === 'per-room' ? 0 : 0.5,
      date: layout === 'single' && dayCount(programme) > 1 ? 0.7 : 0,
      singleLine: true,
    });
    const lines = documentHead(context, programme, recorder);
    const table = (entries: readonly Entry[]) => {
      const rows = tableRows(
        context,
        programme,
        design,
        entries,
        recorder,
        markdownInline,
        (t) => `~~${t}~~`,
      );
      const ordered = rows.map((cells) => design.columns.map((c) => cells[c]));
      lines.push(markdownPipeTable(context, design.headers, ordered), '');
    };
    const dayLevel = rng.pick(['##', '###']);
    if (layout === 'two-row') {
      // Each talk over two rows, as academic programmes write them: the time, the speakers (and
      // another person, the session's chair) on one row, the title alone on the next.
      const talks = programme.entries.flatMap((e) => (e.type === 'talk' ? [e.talk] : []));
      const header = [
        label(context, 'time'),
        label(context, 'title'),
        rng.pick(['Chair', 'Mentor', 'Discussant', 'Moderator']),
      ];
      const rows = [`| ${header.join(' | ')} |`, '|---|---|---|'];
      const emphasis = rng.pick(['**', '**_', '_', '']);
      const close = emphasis.split('').reverse().join('');
      for (const [i, talk] of talks.entries()) {
        const chair = talks[(i + 1 + rng.int(0, Math.max(0, talks.length - 2))) % talks.length]?.speakers[0];
        const names = speakerText(context, talk.speakers);
        const title = rng.chance(0.6) ? `[${talk.title}](/abstracts/${talk.slug}.pdf)` : talk.title;
        rows.push(
          `| ${formatTime(context, talk.start)} | ${emphasis}${names}${close} | ${chair && !talk.speakers.includes(chair) ? chair.written : ''} |`,
        );
        rows.push(`|  | ${title}${rng.chance(0.3) ? ' (online)' : ''} |  |`);
        recorder.talk(talk);
      }
      lines.push(rows.join('\n'), '');
    }
    if (layout === 'single') table(programme.entries);
    for (let day = 0; layout !== 'single' && layout !== 'two-row' && day < dayCount(programme); day++) {
      lines.push(`${dayLevel} ${dayHeading(context, programme, day)}`, '');
      const entries = entriesOf(programme, day);
      if (layout === 'per-day') {
        table(entries);
        continue;
      }
      for (const room of programme.rooms) {
        lines.push(`${dayLevel}# ${room}`, '');
        table(
          entries.filter((e) =>
            e.type === 'talk' ? e.talk.room === room : !e.item.room || e.item.room === room,
          ),
        );
      }
    }
    if (rng.chance(0.3)) lines.push(`${label(context, 'slides')}: ${programme.event.url}/slides`, '');
    return {
      files: [
        { name: rng.pick(['README.md', 'schedule.md', 'index.md', 'talks.md']), text: lines.join('\n') },
      ],
      gold: recorder.build(),
    };
  },
};

const csvStatuses = {
  confirmed: ['accepted', 'confirmed', 'Accepted', 'scheduled'],
  cancelled: ['cancelled', 'declined', 'withdrawn', 'Canceled'],
};

export const csvExport: LayoutFamily = {
  id: 'csv-export',
  render(context) {
    const { rng, language, english, style } = context;
    const schedule = rng.chance(0.5);
    const programme = createProgramme(rng, language, english, {
      talks: [4, 40],
      days: [1, 3],
      rooms: [1, 4],
      breaks: schedule,
      cancelled: 0.4,
      tba: schedule ? 0.2 : 0,
    });
    const recorder = new GoldRecorder();
    const delimiter = rng.weighted([
      [',', 6],
      [';', 2],
      ['\t', 2],
    ] as const);
    const design = designTable(context, programme, {
      time: schedule ? 0.9 : 0,
      date: schedule && dayCount(programme) > 1 ? 0.7 : 0,
      room: schedule ? 0.6 : 0.1,
      abstract: 0.5,
      links: false,
      emptyHeaders: 0,
    });
    const maxSpeakers = Math.max(...programme.talks.map((t) => t.speakers.length));
    const splitSpeakers = maxSpeakers > 1 && rng.chance(0.2);
    const status = rng.chance(0.35);
    if (status) design.cancelledForm = 'status';
    const id = rng.chance(0.4);
    const email = rng.chance(0.15);
    const slidesUrl = rng.chance(0.2);
    const multiLineAbstract = rng.chance(0.5);
    const englishHeaders = language.code !== 'en' && rng.chance(0.4);
    const headerContext = englishHeaders ? { ...context, language: english } : context;

    const columns: string[] = [];
    const headers: string[] = [];
    const add = (key: string, header: string) => {
      columns.push(key);
      headers.push(header);
    };
    if (id) add('id', style.one('csv-id', ['ID', 'id', 'Session ID', 'Proposal ID']));
    for (const column of design.columns) {
      if (column === 'speakers' && splitSpeakers) {
        const word = label(headerContext, 'speaker');
        for (let i = 1; i <= maxSpeakers; i++) add(`speaker${i}`, `${word} ${i}`);
      } else if (column !== 'slides' && column !== 'video') {
        add(column, headerWord(headerContext, column, maxSpeakers > 1));
      }
    }
    if (email) add('email', style.one('csv-email', ['Email', 'E-mail', 'Speaker email']));
    if (slidesUrl) add('slides', headerWord(headerContext, 'slides', false));
    if (status) add('status', style.one('csv-status', ['Status', 'State', 'status']));
    const order = rng.chance(0.25) ? rng.shuffle(columns.map((_, i) => i)) : columns.map((_, i) => i);

    const rows: string[][] = [];
    const form = organizationForm(context);
    let index = 0;
    for (const entry of programme.entries) {
      const cells = rowCells(entry);
      if (cells) rows.push(order.map((i) => cells[columns[i] as string] ?? ''));
    }
    function rowCells(entry: Entry): Record<string, string> | null {
      const base = tableRows(context, programme, design, [entry], recorder, plainInline)[0] as
        | Cells
        | undefined;
      if (!base) return null;
      const row: Record<string, string> = { ...base };
      if (entry.type === 'break') {
        row.number = '';
        return row;
      }
      const talk = entry.talk;
      index += 1;
      row.id = talk.id;
      row.number = String(index);
      // CSV speakers: names joined in one cell, or one column per speaker; no links.
      const names = talk.speakers.map((p) =>
        design.organizationsInSpeakers ? withOrganization(p.written, p.organization, form) : p.written,
      );
      if (splitSpeakers) {
        for (const [i, name] of names.entries()) row[`speaker${i + 1}`] = name;
      } else row.speakers = joinNames(context, names);
      row.email = talk.speakers.map((p) => `${p.handle}@example.org`).join(', ');
      row.slides = talk.slides ?? '';
      row.abstract = multiLineAbstract ? talk.abstract.replace(/([.!?。]) /g, '$1\n') : talk.abstract;
      if (status) row.status = rng.pick(talk.cancelled ? csvStatuses.cancelled : csvStatuses.confirmed);
      return row;
    }
    const quoteAll = rng.chance(0.3);
    const newline = rng.chance(0.2) ? '\r\n' : '\n';
    const headerLine = order.map((i) => csvField(headers[i] as string, delimiter, quoteAll)).join(delimiter);
    const body = rows.map((row) => row.map((cell) => csvField(cell, delimiter, quoteAll)).join(delimiter));
    const extension = delimiter === '\t' ? 'tsv' : 'csv';
    const name = `${rng.pick(['talks', 'sessions', 'export', 'programme', 'proposals'])}.${extension}`;
    return {
      files: [{ name, text: `${[headerLine, ...body].join(newline)}${newline}` }],
      gold: recorder.build(),
    };
  },
};

function wikiSpeaker(context: FamilyContext, talk: Talk, organizations: boolean): string {
  const linkForm = context.style.one('wiki-speaker-link', ['plain', 'plain', 'user', 'internal', 'external']);
  const form = organizationForm(context);
  const names = talk.speakers.map((p) => {
    const written =
      linkForm === 'user'
        ? `[[User:${p.handle}|${p.written}]]`
        : linkForm === 'internal'
          ? `[[${p.written}]]`
          : linkForm === 'external'
            ? `[https://example.org/people/${p.slug} ${p.written}]`
            : p.written;
    return organizations ? withOrganization(written, p.organization, form) : written;
  });
  return joinNames(context, names);
}

export const mediawiki: LayoutFamily = {
  id: 'mediawiki',
  render(context) {
    const { rng, language, english } = context;
    const layout = rng.weighted([
      ['table', 6],
      ['list', 2],
      ['definitions', 1],
    ] as const);
    const programme = createProgramme(rng, language, english, {
      talks: [4, 30],
      days: [1, 2],
      rooms: [1, 3],
      breaks: rng.chance(0.6),
      cancelled: 0.2,
      tba: 0.15,
    });
    const recorder = new GoldRecorder();
    recorder.event = programme.event.name;
    const lines: string[] = [`'''${programme.event.name}''' — ${introLine(context, programme)}`, ''];
    const organizations = rng.chance(0.4);
    for (let day = 0; day < dayCount(programme); day++) {
      lines.push(`== ${dayHeading(context, programme, day)} ==`);
      const entries = entriesOf(programme, day);
      if (layout === 'table') {
        const design = designTable(context, programme, { time: 0.8, singleLine: false });
        const rows = tableRows(
          context,
          programme,
          design,
          entries,
          recorder,
          mediawikiInline,
          (t) => `<s>${t}</s>`,
        );
        const inline = context.style.flag('wiki-inline-cells', 0.6);
        lines.push(`{| class="${rng.pick(['wikitable', 'wikitable sortable', 'prettytable'])}"`);
        if (design.headers.some((h) => h)) {
          lines.push(
            inline ? `! ${design.headers.join(' !! ')}` : design.headers.map((h) => `! ${h}`).join('\n'),
          );
        }
        for (const cells of rows) {
          lines.push('|-');
          const values = design.columns.map((c) => cells[c] || ' ');
          lines.push(inline ? `| ${values.join(' || ')}` : values.map((v) => `| ${v}`).join('\n'));
        }
        lines.push('|}', '');
        continue;
      }
      for (const entry of entries) {
        if (entry.type === 'break') {
          if (layout !== 'list') continue;
          lines.push(`* ${timeRange(context, entry.item.start, entry.item.end)}: ''${entry.item.label}''`);
          recorder.notTalk(entry.item.label);
          continue;
        }
        const talk = entry.talk;
        const speakers = wikiSpeaker(context, talk, organizations);
        const title = talk.cancelled ? `<s>${talk.title}</s> ${cancelledMark(context)}` : talk.title;
        if (talk.cancelled) recorder.cancelled(talk, `${talk.title} ${cancelledMark(context)}`);
        else recorder.talk(talk, { organizations });
        if (layout === 'definitions') {
          lines.push(`; ${title}`, `: ${speakers}`);
          if (rng.chance(0.4)) lines.push(`: ''${talk.abstract}''`);
          continue;
        }
        const kind = talk.kind !== 'talk' && rng.chance(0.5) ? ` (${kindLabel(context, talk.kind)})` : '';
        const shown = context.style.one('wiki-list-title', ['bold', 'link', 'plain']);
        const titleText =
          shown === 'bold'
            ? `'''${title}'''`
            : shown === 'link' && !talk.cancelled
              ? `[${talk.url} ${title}]`
              : title;
        lines.push(`* ${timeRange(context, talk.start, talk.end)}: ${titleText} – ${speakers}${kind}`);
      }
      lines.push('');
    }
    lines.push('[[Category:Events]]');
    return {
      files: [{ name: `${rng.pick(['Programme', 'Schedule', 'Talks'])}.wiki`, text: lines.join('\n') }],
      gold: recorder.build(),
    };
  },
};
