// List layouts: nested Markdown lists (a title item with speaker, abstract and link items under
// it), one-line bullets ("Title by Name (Org)", "Name: Title", "[Title](url) (Name)", ...) with an
// abstract line under some, and plain-text listings (title line, speaker line, abstract paragraph;
// aligned columns; numbered entries; underlined day headings; wrapped lines).
import { asciiSlug, createProgramme, type Person, type Programme, type Talk } from '../programme.js';
import {
  cancelledMark,
  dayCount,
  dayHeading,
  entriesOf,
  type FamilyContext,
  formatDate,
  formatTime,
  GoldRecorder,
  introLine,
  kindLabel,
  type LayoutFamily,
  label,
  organizationForm,
  profileUrl,
  quoteTitle,
  speakerText,
  timeRange,
  withOrganization,
} from '../rendering.js';
import { displayWidth, padDisplay, wrapText } from '../syntax.js';

function programmeHeading(context: FamilyContext, programme: Programme, recorder: GoldRecorder): string[] {
  const { rng } = context;
  recorder.event = programme.event.name;
  const form = rng.pick(['event', 'event-programme', 'programme-intro', 'front-matter']);
  if (form === 'event') return [`# ${programme.event.name}`, ''];
  if (form === 'event-programme')
    return [`# ${programme.event.name}`, '', `## ${label(context, 'programme')}`, ''];
  if (form === 'front-matter')
    return ['---', `title: ${label(context, 'programme')}`, `event: "${programme.event.name}"`, '---', ''];
  return [`## ${label(context, 'programme')}`, '', introLine(context, programme), ''];
}

/**
 * A page's list of its organizers ("- Name, Company"), as meetup and conference pages have above
 * their programme: lines of people that are no talk, whatever their shape.
 */
function organizersBlock(context: FamilyContext, programme: Programme, bullet: string): string[] {
  const { rng } = context;
  const people = programme.people.filter((p) => p.organization);
  if (people.length === 0 || !rng.chance(0.3)) return [];
  const form = organizationForm(context);
  const shown = rng.sample(people, Math.min(people.length, rng.int(1, 3)));
  return [
    `## ${label(context, 'organizers')}`,
    '',
    ...shown.map((p) => {
      const name = rng.chance(0.4) ? `${p.written} [@${p.handle}](${profileUrl(context, p)})` : p.written;
      const company = p.organization as string;
      return `${bullet} ${withOrganization(name, rng.chance(0.5) ? `[${company}](https://${asciiSlug(company)}.example)` : company, form)}`;
    }),
    '',
  ];
}

function nameLink(context: FamilyContext, person: Person, written: string, linked: boolean): string {
  return linked ? `[${written}](${profileUrl(context, person)})` : written;
}

export const nestedList: LayoutFamily = {
  id: 'md-nested-list',
  render(context) {
    const { rng, language, english, style } = context;
    const meetup = rng.chance(0.4);
    const programme = createProgramme(rng, language, english, {
      talks: meetup ? [2, 6] : [4, 24],
      days: [1, 2],
      rooms: [1, 2],
      breaks: rng.chance(0.6),
      meetup,
      cancelled: 0.15,
      tba: 0.15,
    });
    const recorder = new GoldRecorder();
    const bullet = style.one('bullet', ['-', '*', '+']);
    const indent = style.one('indent', ['  ', '    ']);
    const withTime = rng.chance(0.55);
    const speakerLabel = rng.chance(0.5);
    const speakersApart = rng.chance(0.5);
    const organizations = rng.chance(0.5);
    const roles = organizations && rng.chance(0.4);
    const abstracts = rng.chance(0.5);
    const links = rng.chance(0.4);
    const linkedNames = rng.chance(0.25);
    const titleForm = style.one('nested-title', ['plain', 'strong', 'link']);
    const dayLevel =
      dayCount(programme) > 1 || rng.chance(0.3) ? style.one('nested-day', ['heading', 'item']) : 'none';
    const lines: string[] = [];
    if (meetup) {
      // A meetup group's README: the meetup's heading, its date and place, then the agenda.
      recorder.event = programme.event.name;
      const date = `${formatDate(context, programme.event.dates[0] as Date)}, ${timeRange(context, programme.entries[0]?.type === 'talk' ? programme.entries[0].talk.start : '18:30', '21:00')}`;
      lines.push(
        `### ${programme.event.name}`,
        '',
        `${bullet} ${label(context, 'date')}: ${date}`,
        `${bullet} ${label(context, 'room')}: ${programme.rooms[0]}`,
        '',
        `#### ${label(context, 'programme')}`,
        '',
      );
    } else lines.push(...programmeHeading(context, programme, recorder));
    lines.unshift(...organizersBlock(context, programme, bullet));
    const orgForm = organizationForm(context);
    for (let day = 0; day < dayCount(programme); day++) {
      const pad = dayLevel === 'item' ? indent : '';
      if (dayLevel === 'heading') lines.push(`### ${dayHeading(context, programme, day)}`, '');
      if (dayLevel === 'item') lines.push(`${bullet} ${dayHeading(context, programme, day)}`);
      for (const entry of entriesOf(programme, day)) {
        if (entry.type === 'break') {
          if (!withTime) continue;
          recorder.notTalk(entry.item.label);
          lines.push(
            `${pad}${bullet} ${timeRange(context, entry.item.start, entry.item.end)}: ${entry.item.label}`,
          );
          continue;
        }
        const talk = entry.talk;
        let title =
          titleForm === 'strong'
            ? `**${talk.title}**`
            : titleForm === 'link'
              ? `[${talk.title}](${talk.url})`
              : talk.title;
        if (talk.cancelled) title = `~~${talk.title}~~ ${cancelledMark(context)}`;
        const time = withTime ? `${timeRange(context, talk.start, talk.end)}: ` : '';
        const kind = talk.kind !== 'talk' && rng.chance(0.3) ? ` (${kindLabel(context, talk.kind)})` : '';
        lines.push(`${pad}${bullet} ${time}${title}${kind}`);
        const sub = `${pad}${indent}${bullet} `;
        const personLine = (person: Person) => {
          let line = nameLink(context, person, person.written, linkedNames);
          if (organizations && person.organization)
            line =
              roles && person.role
                ? `${line}, ${person.role}, ${person.organization}`
                : withOrganization(line, person.organization, orgForm);
          return line;
        };
        if (speakersApart) {
          for (const person of talk.speakers)
            lines.push(`${sub}${speakerLabel ? `${label(context, 'speaker')}: ` : ''}${personLine(person)}`);
        } else {
          const names = speakerText(context, talk.speakers, {
            organizations,
            decorate: (p, w) => nameLink(context, p, w, linkedNames),
          });
          const word = talk.speakers.length > 1 ? label(context, 'speakers') : label(context, 'speaker');
          lines.push(`${sub}${speakerLabel ? `${word}: ` : ''}${names}`);
        }
        if (abstracts && rng.chance(0.8)) lines.push(`${sub}${talk.abstract}`);
        if (links && talk.slides) lines.push(`${sub}${label(context, 'slides')}: ${talk.slides}`);
        if (links && talk.video) lines.push(`${sub}[${label(context, 'video')}](${talk.video})`);
        if (talk.cancelled) recorder.cancelled(talk, `${talk.title} ${cancelledMark(context)}`);
        else recorder.talk(talk, { organizations });
      }
      lines.push('');
    }
    return {
      files: [{ name: rng.pick(['README.md', 'agenda.md', 'meetups.md']), text: lines.join('\n') }],
      gold: recorder.build(),
    };
  },
};

type BulletForm =
  | 'title-by-name'
  | 'title-dash-name'
  | 'name-colon-title'
  | 'title-paren-name'
  | 'strong-title-comma-name'
  | 'link-title-paren-name'
  | 'emphasis-title-dash-name'
  | 'quoted-title-dash-name'
  | 'name-dash-quoted-title'
  | 'strong-title-by-name';

function bulletLine(
  context: FamilyContext,
  form: BulletForm,
  talk: Talk,
  names: string,
  mark: string,
): string {
  // A word ("by", "von", "par") where the language has one, else its separator.
  const words = context.language.by.filter((b) => b.trim().length > 1);
  const by = context.style.one('bullet-by', words.length > 0 ? words : context.language.by);
  const dash = context.style.one('bullet-dash', [' — ', ' – ', ' - ']);
  const title = talk.title;
  switch (form) {
    case 'title-by-name':
      return `${title}${mark}${by}${names}`;
    case 'title-dash-name':
      return `${title}${mark}${dash}${names}`;
    case 'name-colon-title':
      return `${names}: ${title}${mark}`;
    case 'title-paren-name':
      return `${title}${mark} (${names})`;
    case 'strong-title-comma-name':
      return `**${title}**${mark}, ${names}`;
    case 'link-title-paren-name':
      return `[${title}](${talk.slides ?? talk.url})${mark} (${names})`;
    case 'emphasis-title-dash-name':
      return `*${title}*${mark}${dash}${names}`;
    case 'quoted-title-dash-name':
      return `${quoteTitle(context, title)}${mark}${dash}${names}`;
    case 'name-dash-quoted-title':
      return `${names}${dash}${quoteTitle(context, title)}${mark}`;
    default:
      return `**${title}**${mark}${by}${names}`;
  }
}

export const bulletList: LayoutFamily = {
  id: 'md-bullets',
  render(context) {
    const { rng, language, english, style } = context;
    const meetup = rng.chance(0.5);
    const programme = createProgramme(rng, language, english, {
      talks: meetup ? [3, 8] : [4, 24],
      days: [1, 2],
      rooms: [1, 2],
      breaks: rng.chance(0.4),
      meetup,
      cancelled: 0.15,
      tba: 0.1,
    });
    const recorder = new GoldRecorder();
    const forms: BulletForm[] = [
      'title-by-name',
      'title-dash-name',
      'name-colon-title',
      'title-paren-name',
      'strong-title-comma-name',
      'link-title-paren-name',
      'emphasis-title-dash-name',
      'quoted-title-dash-name',
      'name-dash-quoted-title',
      'strong-title-by-name',
    ];
    const form = style.one('bullet-form', forms);
    // Some documents switch form part-way (a second list written later, by someone else).
    const secondForm = rng.chance(0.15) ? rng.pick(forms) : form;
    const bullet = style.one('bullet', ['-', '*', '+', '1.']);
    const withTime = rng.chance(0.35);
    const organizations =
      form !== 'title-paren-name' && form !== 'link-title-paren-name' ? rng.chance(0.45) : rng.chance(0.25);
    const linkedNames = rng.chance(0.2);
    const abstracts = rng.chance(0.45);
    const lines = [
      ...organizersBlock(context, programme, bullet),
      ...programmeHeading(context, programme, recorder),
    ];
    if (meetup && rng.chance(0.6))
      lines.push(
        `**${label(context, 'date')}:** ${programme.event.dates[0]?.toISOString().slice(0, 10)}`,
        '',
        `**${label(context, 'programme')}:**`,
        '',
      );
    const talks = programme.entries;
    let count = 0;
    for (const [index, entry] of talks.entries()) {
      const marker = bullet === '1.' ? `${count + 1}.` : bullet;
      if (entry.type === 'break') {
        if (!withTime) continue;
        recorder.notTalk(entry.item.label);
        lines.push(`${marker} ${formatTime(context, entry.item.start)} ${entry.item.label}`);
        count += 1;
        continue;
      }
      const talk = entry.talk;
      const names = speakerText(context, talk.speakers, {
        organizations,
        decorate: (p, w) => nameLink(context, p, w, linkedNames),
      });
      const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
      const itemForm = index > talks.length / 2 ? secondForm : form;
      const time = withTime ? `${formatTime(context, talk.start)} ` : '';
      lines.push(`${marker} ${time}${bulletLine(context, itemForm, talk, names, mark)}`);
      count += 1;
      if (abstracts && rng.chance(0.6)) lines.push(`${' '.repeat(marker.length + 1)}${talk.abstract}`);
      if (talk.cancelled) recorder.cancelled(talk, `${talk.title}${mark}`);
      else recorder.talk(talk, { organizations });
    }
    lines.push('');
    if (rng.chance(0.4)) lines.push(`${label(context, 'slides')}: ${programme.event.url}`, '');
    return {
      files: [{ name: rng.pick(['README.md', 'talks.md', 'index.md']), text: lines.join('\n') }],
      gold: recorder.build(),
    };
  },
};

function underline(text: string, char: string): string {
  return `${text}\n${char.repeat(Math.max(3, displayWidth(text)))}`;
}

export const plainText: LayoutFamily = {
  id: 'plain-text',
  render(context) {
    const { rng, language, english, style } = context;
    const layout = rng.weighted([
      ['blocks', 5],
      ['columns', 2],
      ['numbered', 2],
      ['listing', 3],
      ['recap', 3],
    ] as const);
    const programme = createProgramme(rng, language, english, {
      talks: [3, 24],
      days: [1, 3],
      rooms: [1, 2],
      breaks: rng.chance(0.6),
      cancelled: 0.15,
      tba: 0.1,
    });
    const recorder = new GoldRecorder();
    recorder.event = programme.event.name;
    const eventLine = style.one('text-event', ['upper', 'underline', 'plain']);
    const lines: string[] = [];
    if (eventLine === 'upper') lines.push(programme.event.name.toLocaleUpperCase(language.intl), '');
    else if (eventLine === 'underline') lines.push(underline(programme.event.name, '='), '');
    else lines.push(programme.event.name, '');
    if (rng.chance(0.5)) lines.push(wrapText(introLine(context, programme), 72), '');
    const withTime = layout === 'columns' || rng.chance(0.6);
    const organizations = rng.chance(0.5);
    const abstracts = layout !== 'columns' && rng.chance(0.6);
    const speakerPrefix = style.one('text-speaker-prefix', ['', '', 'label', 'by']);
    const wrapTitles = layout === 'blocks' && withTime && rng.chance(0.4);
    const width = 72;
    const allTalks = programme.entries.flatMap((e) => (e.type === 'talk' ? [e.talk] : []));
    const titleWidth = Math.min(48, Math.max(...allTalks.map((t) => displayWidth(t.title) + 4)));
    let number = 0;
    for (let day = 0; day < dayCount(programme); day++) {
      if (dayCount(programme) > 1 || rng.chance(0.3))
        lines.push(
          underline(dayHeading(context, programme, day), style.one('day-underline', ['-', '=', '~'])),
          '',
        );
      for (const entry of entriesOf(programme, day)) {
        if (entry.type === 'break') {
          if (!withTime) continue;
          recorder.notTalk(entry.item.label);
          lines.push(`${padDisplay(formatTime(context, entry.item.start), 7)}${entry.item.label}`, '');
          continue;
        }
        const talk = entry.talk;
        const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
        const names = speakerText(context, talk.speakers, { organizations });
        const time = withTime ? padDisplay(formatTime(context, talk.start), 7) : '';
        const indent = ' '.repeat(time.length);
        const speakerLine =
          speakerPrefix === 'label'
            ? `${talk.speakers.length > 1 ? label(context, 'speakers') : label(context, 'speaker')}: ${names}`
            : speakerPrefix === 'by' && language.code === 'en'
              ? `by ${names}`
              : names;
        if (layout === 'listing') {
          // A title, its abstract (sometimes cut short), and the people, each a paragraph.
          lines.push(`${talk.title}${mark}`, '');
          if (abstracts || rng.chance(0.7)) {
            const cut = rng.chance(0.4);
            const abstract = cut
              ? `${talk.abstract.slice(0, Math.max(20, talk.abstract.length - 20)).trimEnd()}...`
              : talk.abstract;
            lines.push(wrapText(abstract, width), '');
          }
          lines.push(names, '', '');
        } else if (layout === 'recap') {
          // A byline heading, then a write-up of a paragraph or more.
          const by = rng.pick(language.by);
          const handles = rng.chance(0.4);
          lines.push(
            `${talk.title}${mark}${by}${speakerText(context, talk.speakers, { organizations, handles })}`,
            '',
          );
          const paragraphs = rng.int(1, 3);
          for (let k = 0; k < paragraphs; k++)
            lines.push(wrapText(k === 0 ? talk.abstract : introLine(context, programme), width), '');
        } else if (layout === 'columns') {
          lines.push(`${time}${padDisplay(`${talk.title}${mark}`, titleWidth)}  ${names}`);
        } else if (layout === 'numbered') {
          number += 1;
          const head = `${number}. `;
          lines.push(
            `${head}${time}${talk.title}${mark}`,
            `${' '.repeat(head.length)}${indent}${speakerLine}`,
          );
          if (abstracts)
            lines.push(
              '',
              `${' '.repeat(head.length)}${indent}${wrapText(talk.abstract, width - head.length - indent.length, ' '.repeat(head.length) + indent)}`,
            );
          lines.push('');
        } else {
          const title = wrapTitles ? wrapText(`${talk.title}${mark}`, 48, indent) : `${talk.title}${mark}`;
          lines.push(`${time}${title}`, `${indent}${speakerLine}`);
          if (abstracts) lines.push('', `${indent}${wrapText(talk.abstract, width - indent.length, indent)}`);
          lines.push('');
        }
        if (talk.cancelled) recorder.cancelled(talk, `${talk.title}${mark}`);
        else recorder.talk(talk, { organizations });
      }
      if (layout === 'columns') lines.push('');
    }
    return {
      files: [
        {
          name: rng
            .pick(['programme.txt', 'schedule.txt', 'talks.txt', 'README'])
            .replace(/^README$/, 'README.txt'),
          text: lines.join('\n'),
        },
      ],
      gold: recorder.build(),
    };
  },
};
