// HTML layouts: schedule tables (a row per talk, or a grid with rooms as columns and times as rows),
// cards (a div or article per talk, with meaningful or meaningless class names), and definition
// lists (HTML <dl> and the Markdown-ish "Title / : Name" form).
import { htmlInline } from '../inline.js';
import { createProgramme, type Entry, type Person, type Programme, type Talk } from '../programme.js';
import {
  cancelledMark,
  dayCount,
  dayHeading,
  entriesOf,
  type FamilyContext,
  formatTime,
  GoldRecorder,
  introLine,
  isoDate,
  kindLabel,
  type LayoutFamily,
  label,
  organizationForm,
  profileUrl,
  speakerText,
  timeRange,
} from '../rendering.js';
import { escapeAttribute, escapeHtml, wrapText } from '../syntax.js';
import { designTable, tableRows } from './table-model.js';

/** Class names of one document: meaningful, BEM, utility classes or hashed ones. */
function classNames(context: FamilyContext): (role: string) => string {
  const form = context.style.one('class-form', ['semantic', 'semantic', 'bem', 'utility', 'hashed']);
  const hashed = new Map<string, string>();
  const utility: Record<string, string> = {
    item: 'rounded-lg border p-4 mb-4',
    title: 'text-lg font-semibold',
    speaker: 'text-sm text-gray-600',
    abstract: 'text-sm mt-2',
    time: 'text-xs uppercase tracking-wide',
    room: 'text-xs text-gray-500',
    organization: 'text-xs italic',
    kind: 'badge',
    break: 'text-center text-gray-400 py-2',
  };
  return (role) => {
    if (form === 'semantic')
      return role === 'item' ? context.style.one('item-class', ['talk', 'session', 'slot', 'event']) : role;
    if (form === 'bem') return role === 'item' ? 'schedule__item' : `schedule__${role}`;
    if (form === 'utility') return utility[role] ?? role;
    if (!hashed.has(role))
      hashed.set(role, `c${context.rng.int(1, 9)}${context.rng.seed().toString(36).slice(0, 4)}`);
    return hashed.get(role) as string;
  };
}

function htmlPage(
  context: FamilyContext,
  programme: Programme,
  recorder: GoldRecorder,
  body: string[],
): string {
  const { rng, language } = context;
  const title = programme.event.name;
  const page = rng.chance(0.6);
  recorder.event = title;
  const heading = rng.chance(0.7)
    ? [
        `<h1>${escapeHtml(title)}</h1>`,
        rng.chance(0.5) ? `<p class="lead">${escapeHtml(introLine(context, programme))}</p>` : '',
      ]
    : [];
  if (!page && heading.length === 0) recorder.event = undefined;
  const content = [...heading.filter(Boolean), ...body];
  if (!page) return `${content.join('\n')}\n`;
  const dir = language.script === 'Arabic' || language.script === 'Hebrew' ? ' dir="rtl"' : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${language.code}"${dir}>`,
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(label(context, 'programme'))} – ${escapeHtml(title)}</title>`,
    '<link rel="stylesheet" href="/assets/main.css">',
    '</head>',
    '<body>',
    '<nav><a href="/">Home</a> <a href="/schedule/">Schedule</a> <a href="/venue/">Venue</a></nav>',
    '<main>',
    ...content,
    '</main>',
    `<footer>© ${programme.event.year} ${escapeHtml(title)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function speakersHtml(context: FamilyContext, speakers: readonly Person[], organizations: boolean): string {
  const form = context.style.one('html-speaker-form', ['joined', 'spans', 'linked']);
  const orgForm = organizationForm(context);
  if (form === 'joined') return escapeHtml(speakerText(context, speakers, { organizations }));
  const cls = context.style.one('html-speaker-class', ['speaker', 'name', 'person']);
  const parts = speakers.map((p) => {
    const name =
      form === 'linked'
        ? `<a href="${escapeAttribute(profileUrl(context, p))}">${escapeHtml(p.written)}</a>`
        : `<span class="${cls}">${escapeHtml(p.written)}</span>`;
    if (!organizations || !p.organization) return name;
    return orgForm === 'paren' || orgForm === 'bracket'
      ? `${name} <span class="affiliation">(${escapeHtml(p.organization)})</span>`
      : `${name}, <span class="affiliation">${escapeHtml(p.organization)}</span>`;
  });
  return parts.join(context.style.one('html-speaker-join', [', ', ' &amp; ', '<br>']));
}

function gridCell(
  context: FamilyContext,
  talk: Talk,
  recorder: GoldRecorder,
  organizations: boolean,
): string {
  const form = context.style.one('grid-cell', ['divs', 'strong', 'link-small', 'paragraphs']);
  const cls = classNames(context);
  let title = escapeHtml(talk.title);
  if (talk.cancelled) {
    title = `<del>${title}</del> ${escapeHtml(cancelledMark(context))}`;
    recorder.cancelled(talk, `${talk.title} ${cancelledMark(context)}`);
  } else recorder.talk(talk, { organizations });
  const speakers = speakersHtml(context, talk.speakers, organizations);
  const kind =
    talk.kind !== 'talk' && context.style.flag('grid-kind', 0.4)
      ? `<span class="${cls('kind')}">${escapeHtml(kindLabel(context, talk.kind))}</span>`
      : '';
  switch (form) {
    case 'strong':
      return `${kind}<strong>${title}</strong><br>${speakers}`;
    case 'link-small':
      return `${kind}<a href="${escapeAttribute(talk.url)}">${title}</a><br><small>${speakers}</small>`;
    case 'paragraphs':
      return `${kind}<p>${title}</p><p><em>${speakers}</em></p>`;
    default:
      return `${kind}<div class="${cls('title')}">${title}</div><div class="${cls('speaker')}">${speakers}</div>`;
  }
}

function scheduleGrid(
  context: FamilyContext,
  programme: Programme,
  recorder: GoldRecorder,
  day: number,
): string[] {
  const organizations = context.style.flag('grid-organizations', 0.3);
  const entries = entriesOf(programme, day);
  const starts = [...new Set(entries.map((e) => (e.type === 'talk' ? e.talk.start : e.item.start)))];
  const rooms = programme.rooms;
  const lines = [`<table class="${context.style.one('grid-class', ['schedule', 'grid', 'timetable'])}">`];
  lines.push(`<tr><th></th>${rooms.map((r) => `<th>${escapeHtml(r)}</th>`).join('')}</tr>`);
  for (const start of starts) {
    const at = entries.filter((e) => (e.type === 'talk' ? e.talk.start : e.item.start) === start);
    const time = `<th class="time">${escapeHtml(formatTime(context, start))}</th>`;
    const wide = at.find((e) => e.type === 'break' && !e.item.room);
    if (wide && wide.type === 'break') {
      recorder.notTalk(wide.item.label);
      lines.push(
        `<tr>${time}<td class="break" colspan="${rooms.length}">${escapeHtml(wide.item.label)}</td></tr>`,
      );
      continue;
    }
    const talks = at.filter((e): e is Extract<Entry, { type: 'talk' }> => e.type === 'talk');
    if (talks.length === 1 && talks[0]?.talk.kind === 'keynote' && rooms.length > 1) {
      lines.push(
        `<tr>${time}<td class="plenary" colspan="${rooms.length}">${gridCell(context, talks[0].talk, recorder, organizations)}</td></tr>`,
      );
      continue;
    }
    const cells = rooms.map((room) => {
      const talk = talks.find((e) => e.talk.room === room);
      if (talk) return `<td class="slot">${gridCell(context, talk.talk, recorder, organizations)}</td>`;
      const placeholder = at.find((e) => e.type === 'break' && e.item.room === room);
      if (placeholder && placeholder.type === 'break') {
        recorder.notTalk(placeholder.item.label);
        return `<td class="slot">${escapeHtml(placeholder.item.label)}</td>`;
      }
      return '<td></td>';
    });
    lines.push(`<tr>${time}${cells.join('')}</tr>`);
  }
  lines.push('</table>');
  return lines;
}

export const htmlTable: LayoutFamily = {
  id: 'html-table',
  render(context) {
    const { rng, language, english } = context;
    const grid = rng.chance(0.45);
    const programme = createProgramme(rng, language, english, {
      talks: [4, 36],
      days: [1, 3],
      rooms: grid ? [2, 4] : [1, 3],
      breaks: grid || rng.chance(0.6),
      cancelled: 0.25,
      tba: 0.2,
    });
    const recorder = new GoldRecorder();
    const body: string[] = [];
    const headingTag = rng.pick(['h2', 'h3']);
    const perDay = grid || rng.chance(0.6);
    const design = designTable(context, programme, {
      time: 0.75,
      date: !perDay && dayCount(programme) > 1 ? 0.7 : 0,
      singleLine: false,
    });
    const thead = rng.chance(0.7);
    const tdClasses = rng.chance(0.5);
    const listTable = (entries: readonly Entry[]) => {
      const rows = tableRows(context, programme, design, entries, recorder, htmlInline, (t) => `<s>${t}</s>`);
      body.push(
        `<table${rng.chance(0.5) ? ` class="${rng.pick(['talks', 'table table-striped', 'program'])}"` : ''}>`,
      );
      if (design.headers.some((h) => h)) {
        const head = `<tr>${design.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
        body.push(thead ? `<thead>\n${head}\n</thead>\n<tbody>` : head);
      } else if (thead) body.push('<tbody>');
      for (const cells of rows) {
        const tds = design.columns.map((c) => `<td${tdClasses ? ` class="${c}"` : ''}>${cells[c]}</td>`);
        body.push(`<tr>${tds.join('')}</tr>`);
      }
      body.push(thead ? '</tbody>\n</table>' : '</table>');
    };
    for (let day = 0; day < dayCount(programme); day++) {
      if (perDay)
        body.push(`<${headingTag}>${escapeHtml(dayHeading(context, programme, day))}</${headingTag}>`);
      if (grid) body.push(...scheduleGrid(context, programme, recorder, day));
      else if (perDay) listTable(entriesOf(programme, day));
    }
    if (!grid && !perDay) listTable(programme.entries);
    return {
      files: [
        {
          name: rng.pick(['schedule.html', 'index.html', 'programme.html']),
          text: htmlPage(context, programme, recorder, body),
        },
      ],
      gold: recorder.build(),
    };
  },
};

export const htmlCards: LayoutFamily = {
  id: 'html-cards',
  render(context) {
    const { rng, language, english, style } = context;
    const programme = createProgramme(rng, language, english, {
      talks: [3, 30],
      days: [1, 2],
      rooms: [1, 3],
      breaks: rng.chance(0.5),
      cancelled: 0.2,
      tba: 0.1,
    });
    const recorder = new GoldRecorder();
    const cls = classNames(context);
    const container = style.one('card-element', ['div', 'article', 'li', 'section']);
    const titleTag = style.one('card-title', ['h3', 'h4', 'h2', 'div', 'a']);
    const showTime = rng.chance(0.7);
    const showRoom = rng.chance(0.5);
    const showAbstract = rng.chance(0.6);
    const avatars = rng.chance(0.3);
    const organizations = rng.chance(0.5);
    const roles = organizations && rng.chance(0.4);
    const kindBadge = rng.chance(0.4);
    const body: string[] = [];
    for (let day = 0; day < dayCount(programme); day++) {
      const sectioned = dayCount(programme) > 1 || rng.chance(0.3);
      if (sectioned)
        body.push(
          `<section id="day-${day + 1}">`,
          `<h2>${escapeHtml(dayHeading(context, programme, day))}</h2>`,
        );
      if (container === 'li') body.push(`<ul class="${cls('list')}">`);
      for (const entry of entriesOf(programme, day)) {
        if (entry.type === 'break') {
          if (!showTime) continue;
          recorder.notTalk(entry.item.label);
          body.push(
            `<${container} class="${cls('break')}"><span class="${cls('time')}">${escapeHtml(timeRange(context, entry.item.start, entry.item.end))}</span> ${escapeHtml(entry.item.label)}</${container}>`,
          );
          continue;
        }
        const talk = entry.talk;
        const card: string[] = [
          `<${container} class="${cls('item')}"${rng.chance(0.3) ? ` id="talk-${talk.id}"` : ''}>`,
        ];
        if (showTime) {
          const when = `${isoDate(programme.event.dates[talk.day] as Date)}T${talk.start}`;
          card.push(
            `  <time class="${cls('time')}" datetime="${when}">${escapeHtml(timeRange(context, talk.start, talk.end))}</time>`,
          );
        }
        if (showRoom) card.push(`  <span class="${cls('room')}">${escapeHtml(talk.room)}</span>`);
        if (kindBadge && talk.kind !== 'talk')
          card.push(`  <span class="${cls('kind')}">${escapeHtml(kindLabel(context, talk.kind))}</span>`);
        let title = escapeHtml(talk.title);
        if (talk.cancelled)
          title = `<s>${title}</s> <span class="${cls('status')}">${escapeHtml(cancelledMark(context))}</span>`;
        if (titleTag === 'a')
          card.push(`  <a class="${cls('title')}" href="${escapeAttribute(talk.url)}">${title}</a>`);
        else card.push(`  <${titleTag} class="${cls('title')}">${title}</${titleTag}>`);
        card.push(`  <div class="${cls('speakers')}">`);
        for (const person of talk.speakers) {
          const parts: string[] = [];
          if (avatars)
            parts.push(
              `<img src="/img/speakers/${person.slug}.jpg" alt="${escapeAttribute(person.written)}">`,
            );
          parts.push(`<span class="${cls('speaker')}">${escapeHtml(person.written)}</span>`);
          if (organizations && person.organization) {
            const role = roles && person.role ? `${escapeHtml(person.role)}, ` : '';
            parts.push(
              `<span class="${cls('organization')}">${role}${escapeHtml(person.organization)}</span>`,
            );
          }
          card.push(`    <div class="${cls('person')}">${parts.join(' ')}</div>`);
        }
        card.push('  </div>');
        if (showAbstract) card.push(`  <p class="${cls('abstract')}">${escapeHtml(talk.abstract)}</p>`);
        if (talk.slides && rng.chance(0.5))
          card.push(
            `  <a href="${escapeAttribute(talk.slides)}">${escapeHtml(label(context, 'slides'))}</a>`,
          );
        card.push(`</${container}>`);
        body.push(...card);
        if (talk.cancelled) recorder.cancelled(talk, `${talk.title} ${cancelledMark(context)}`);
        else recorder.talk(talk, { organizations });
      }
      if (container === 'li') body.push('</ul>');
      if (sectioned) body.push('</section>');
    }
    return {
      files: [
        {
          name: rng.pick(['index.html', 'talks.html', 'speakers-and-talks.html']),
          text: htmlPage(context, programme, recorder, body),
        },
      ],
      gold: recorder.build(),
    };
  },
};

export const definitionList: LayoutFamily = {
  id: 'definition-list',
  render(context) {
    const { rng, language, english, style } = context;
    const markdown = rng.chance(0.45);
    const programme = createProgramme(rng, language, english, {
      talks: [3, 24],
      days: [1, 2],
      rooms: [1, 2],
      breaks: rng.chance(0.4),
      cancelled: 0.15,
      tba: 0.1,
    });
    const recorder = new GoldRecorder();
    const form = style.one('dl-form', ['title-speaker', 'title-speaker', 'time-entry', 'speaker-title']);
    const organizations = rng.chance(0.4);
    const abstracts = rng.chance(0.5);
    const lines: string[] = [];
    const dlItems: string[] = [];
    for (const entry of programme.entries) {
      if (entry.type === 'break') {
        if (form !== 'time-entry') continue;
        recorder.notTalk(entry.item.label);
        const time = timeRange(context, entry.item.start, entry.item.end);
        dlItems.push(
          markdown
            ? `${time}\n${style.one('md-dd-indent', [': ', ':   '])}${entry.item.label}\n`
            : `<dt>${escapeHtml(time)}</dt>\n<dd>${escapeHtml(entry.item.label)}</dd>`,
        );
        continue;
      }
      const talk = entry.talk;
      const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
      if (talk.cancelled) recorder.cancelled(talk, `${talk.title}${mark}`);
      else recorder.talk(talk, { organizations });
      const speakers = speakerText(context, talk.speakers, { organizations });
      const abstract = abstracts ? talk.abstract : '';
      if (markdown) {
        const term =
          form === 'speaker-title'
            ? speakers
            : form === 'time-entry'
              ? timeRange(context, talk.start, talk.end)
              : `${talk.title}${mark}`;
        const definitions =
          form === 'speaker-title'
            ? [`${talk.title}${mark}`]
            : form === 'time-entry'
              ? [`**${talk.title}**${mark} — ${speakers}`]
              : [speakers];
        if (abstract) definitions.push(wrapText(abstract, 76, '    '));
        const indent = style.one('md-dd-indent', [': ', ':   ']);
        dlItems.push(`${term}\n${definitions.map((d) => `${indent}${d}`).join('\n')}\n`);
        continue;
      }
      const title = escapeHtml(`${talk.title}${mark}`);
      if (form === 'speaker-title') dlItems.push(`<dt>${escapeHtml(speakers)}</dt>\n<dd>${title}</dd>`);
      else if (form === 'time-entry')
        dlItems.push(
          `<dt>${escapeHtml(timeRange(context, talk.start, talk.end))}</dt>\n<dd><strong>${title}</strong> — ${escapeHtml(speakers)}</dd>`,
        );
      else dlItems.push(`<dt>${title}</dt>\n<dd class="speaker">${escapeHtml(speakers)}</dd>`);
      if (abstract) dlItems.push(`<dd>${escapeHtml(abstract)}</dd>`);
    }
    recorder.event = programme.event.name;
    if (markdown) {
      lines.push(`# ${programme.event.name}`, '', introLine(context, programme), '', ...dlItems);
      return {
        files: [{ name: rng.pick(['talks.md', 'programme.md', 'index.md']), text: lines.join('\n') }],
        gold: recorder.build(),
      };
    }
    const body = [`<dl${rng.chance(0.5) ? ' class="talks"' : ''}>`, ...dlItems, '</dl>'];
    return {
      files: [
        {
          name: rng.pick(['talks.html', 'programme.html']),
          text: htmlPage(context, programme, recorder, body),
        },
      ],
      gold: recorder.build(),
    };
  },
};
