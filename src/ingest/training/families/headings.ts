// Heading layouts: a heading per talk with labelled fields under it ("### Title", "Speaker: …",
// "Abstract: …"), a heading carrying the byline ("## Title — Name", "### Name: Title") with
// paragraphs of abstract, and a personal talk list (one speaker's page listing only titles, the
// speaker named once in the page title, front matter or a "by" line).
import { markdownInline } from '../inline.js';
import { technologies } from '../languages.js';
import {
  city,
  createProgramme,
  eventName,
  fillTemplate,
  PeopleFactory,
  type Person,
  type Talk,
  TitleFactory,
} from '../programme.js';
import {
  cancelledMark,
  dayCount,
  dayHeading,
  entriesOf,
  type FamilyContext,
  GoldRecorder,
  introLine,
  joinNames,
  kindLabel,
  type LayoutFamily,
  label,
  quoteTitle,
  speakerText,
  timeRange,
  withOrganization,
} from '../rendering.js';
import { escapeAttribute, escapeHtml, wrapText } from '../syntax.js';
import { markdownPipeTable } from './tables.js';

type FieldKey = 'speaker' | 'time' | 'room' | 'abstract' | 'kind' | 'slides' | 'track';

type LabelForm = 'bold-inside' | 'bold-outside' | 'plain' | 'item' | 'emphasis';

function labelForm(context: FamilyContext): LabelForm {
  return context.style.one<LabelForm>('field-label', [
    'bold-inside',
    'bold-outside',
    'plain',
    'item',
    'emphasis',
  ]);
}

function labelled(context: FamilyContext, word: string, value: string): string {
  switch (labelForm(context)) {
    case 'bold-inside':
      return `**${word}:** ${value}`;
    case 'bold-outside':
      return `**${word}**: ${value}`;
    case 'item':
      return `- ${word}: ${value}`;
    case 'emphasis':
      return `*${word}:* ${value}`;
    default:
      return `${word}: ${value}`;
  }
}

export const labelledHeadings: LayoutFamily = {
  id: 'md-labelled-headings',
  render(context) {
    const { rng, language, english, style } = context;
    const programme = createProgramme(rng, language, english, {
      talks: [3, 20],
      days: [1, 2],
      rooms: [1, 3],
      breaks: rng.chance(0.5),
      cancelled: 0.15,
      tba: 0.1,
    });
    const recorder = new GoldRecorder();
    recorder.event = programme.event.name;
    const lines = [`# ${programme.event.name}`, ''];
    if (rng.chance(0.5)) lines.push(introLine(context, programme), '');
    // Day headings sit between the event's heading and the talks'.
    const days = dayCount(programme) > 1;
    const level = style.one('talk-heading', days ? ['###', '####'] : ['###', '##', '####']);
    const headingIsSlot = rng.chance(0.2);
    // "### Title: …": the heading itself carries the label (not a title that starts with a word and a colon).
    const headingLabelled = !headingIsSlot && rng.chance(0.4);
    const organizations = rng.chance(0.5);
    const abstractLabelled = rng.chance(0.5);
    const speakersApart = rng.chance(0.3);
    const fields: FieldKey[] = ['speaker'];
    if (rng.chance(0.6)) fields.push('time');
    if (programme.rooms.length > 1 && rng.chance(0.5)) fields.push('room');
    if (rng.chance(0.3)) fields.push('kind');
    if (rng.chance(0.2)) fields.push('track');
    if (rng.chance(0.3)) fields.push('slides');
    const ordered: FieldKey[] = rng.chance(0.3) ? rng.shuffle(fields) : fields;
    if (rng.chance(0.7)) ordered.push('abstract');
    let slot = 0;
    for (let day = 0; day < dayCount(programme); day++) {
      if (days) lines.push(`${level.slice(1)} ${dayHeading(context, programme, day)}`, '');
      for (const entry of entriesOf(programme, day)) {
        if (entry.type === 'break') {
          if (!fields.includes('time')) continue;
          recorder.notTalk(entry.item.label);
          lines.push(
            `${level} ${entry.item.label}`,
            '',
            labelled(context, label(context, 'time'), timeRange(context, entry.item.start, entry.item.end)),
            '',
          );
          continue;
        }
        const talk = entry.talk;
        slot += 1;
        const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
        if (headingIsSlot) {
          lines.push(
            `${level} ${style.one('slot-word', [label(context, 'title'), 'Session', 'Slot'])} ${slot}`,
            '',
          );
          lines.push(labelled(context, label(context, 'title'), `${talk.title}${mark}`));
        } else if (headingLabelled)
          lines.push(`${level} ${label(context, 'title')}: ${talk.title}${mark}`, '');
        else lines.push(`${level} ${talk.title}${mark}`, '');
        for (const field of ordered) {
          switch (field) {
            case 'speaker': {
              if (speakersApart && talk.speakers.length > 1) {
                for (const person of talk.speakers)
                  lines.push(
                    labelled(
                      context,
                      label(context, 'speaker'),
                      speakerText(context, [person], { organizations }),
                    ),
                  );
              } else {
                const word =
                  talk.speakers.length > 1 ? label(context, 'speakers') : label(context, 'speaker');
                lines.push(labelled(context, word, speakerText(context, talk.speakers, { organizations })));
              }
              break;
            }
            case 'time':
              lines.push(labelled(context, label(context, 'time'), timeRange(context, talk.start, talk.end)));
              break;
            case 'room':
              lines.push(labelled(context, label(context, 'room'), talk.room));
              break;
            case 'kind':
              lines.push(labelled(context, label(context, 'kind'), kindLabel(context, talk.kind)));
              break;
            case 'track':
              lines.push(labelled(context, label(context, 'track'), talk.track));
              break;
            case 'slides':
              if (talk.slides)
                lines.push(labelled(context, label(context, 'slides'), `[${talk.slides}](${talk.slides})`));
              break;
            case 'abstract':
              if (abstractLabelled) lines.push(labelled(context, label(context, 'abstract'), talk.abstract));
              else lines.push('', talk.abstract);
              break;
          }
          // Plain "Label: value" lines run into one paragraph in Markdown unless blank lines part them.
          if (labelForm(context) === 'plain' && style.flag('plain-blank-lines', 0.5)) lines.push('');
        }
        lines.push('');
        if (talk.cancelled) recorder.cancelled(talk, `${talk.title}${mark}`);
        else recorder.talk(talk, { organizations });
      }
    }
    return {
      files: [{ name: rng.pick(['talks.md', 'program.md', 'sessions.md']), text: lines.join('\n') }],
      gold: recorder.build(),
    };
  },
};

type BylineForm =
  | 'title-dash-name'
  | 'name-colon-title'
  | 'title-paren-name'
  | 'title-by-name'
  | 'quoted-by-name';

export const bylineHeadings: LayoutFamily = {
  id: 'md-byline-headings',
  render(context) {
    const { rng, language, english, style } = context;
    const programme = createProgramme(rng, language, english, {
      talks: [3, 18],
      days: [1, 2],
      rooms: [1, 2],
      breaks: false,
      cancelled: 0.1,
    });
    const recorder = new GoldRecorder();
    const form = style.one<BylineForm>('byline-form', [
      'title-dash-name',
      'title-dash-name',
      'name-colon-title',
      'title-paren-name',
      'title-by-name',
      'quoted-by-name',
    ]);
    const level = style.one(
      'byline-level',
      dayCount(programme) > 1 ? ['###', '####'] : ['##', '###', '####'],
    );
    const dash = style.one('byline-dash', [' — ', ' - ', ' – ']);
    const words = language.by.filter((b) => b.trim().length > 1);
    const by = style.one('byline-by', words.length > 0 ? words : language.by);
    const organizations = form === 'title-paren-name' ? rng.chance(0.5) : rng.chance(0.25);
    const kindPrefix = rng.chance(0.2);
    const wrap = rng.chance(0.4);
    const lines: string[] = [];
    recorder.event = programme.event.name;
    if (rng.chance(0.3))
      lines.push(
        '---',
        `title: "${programme.event.name}"`,
        `date: ${programme.event.dates[0]?.toISOString().slice(0, 10)}`,
        '---',
        '',
      );
    else lines.push(`# ${programme.event.name}`, '');
    if (rng.chance(0.6))
      lines.push(wrap ? wrapText(introLine(context, programme), 80) : introLine(context, programme), '');
    for (let day = 0; day < dayCount(programme); day++) {
      if (dayCount(programme) > 1) lines.push(`${level.slice(1)} ${dayHeading(context, programme, day)}`, '');
      for (const entry of entriesOf(programme, day)) {
        if (entry.type !== 'talk') continue;
        const talk = entry.talk;
        const panel = talk.kind === 'panel' && talk.speakers.length > 2;
        const shown = panel ? talk.speakers.slice(0, 1) : talk.speakers;
        const names = speakerText(context, shown, {
          organizations: organizations && form !== 'title-paren-name',
        });
        const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
        const title = `${kindPrefix && talk.kind !== 'talk' ? `${kindLabel(context, talk.kind)}: ` : ''}${talk.title}${mark}`;
        let heading: string;
        switch (form) {
          case 'name-colon-title':
            heading = `${names}: ${title}`;
            break;
          case 'title-paren-name': {
            const inner = organizations
              ? shown.map((p) => withOrganization(p.written, p.organization, 'comma')).join('; ')
              : joinNames(
                  context,
                  shown.map((p) => p.written),
                );
            heading = `${title} (${inner})`;
            break;
          }
          case 'title-by-name':
            heading = `${title}${by}${names}`;
            break;
          case 'quoted-by-name':
            heading = `${quoteTitle(context, title)}${by}${names}`;
            break;
          default:
            heading = `${title}${dash}${names}`;
        }
        lines.push(`${level} ${heading}`, '');
        if (panel) {
          const rest = speakerText(context, talk.speakers.slice(1), { organizations });
          lines.push(`${label(context, 'speakers')}: ${rest}`, '');
        }
        lines.push(wrap ? wrapText(talk.abstract, 80) : talk.abstract, '');
        if (rng.chance(0.3)) {
          const more = fillTemplate(rng.pick(language.abstracts), {
            T: rng.pick(technologies),
            U: rng.pick(technologies),
            D: rng.pick(language.domains),
          });
          lines.push(wrap ? wrapText(more, 80) : more, '');
        }
        if (talk.video && rng.chance(0.4)) lines.push(`[${label(context, 'video')}](${talk.video})`, '');
        if (talk.cancelled) recorder.cancelled(talk, `${talk.title}${mark}`);
        else recorder.talk(talk, { organizations });
      }
    }
    return {
      files: [{ name: rng.pick(['README.md', 'talks.md', 'recap.md']), text: lines.join('\n') }],
      gold: recorder.build(),
    };
  },
};

/** "(with Name)" after a title presented together with someone else. */
const coSpeakerWords: Record<string, string> = {
  en: 'with',
  de: 'mit',
  fr: 'avec',
  es: 'con',
  pt: 'com',
  it: 'con',
};

interface PersonalTalk {
  talk: Talk;
  event: string;
  year: number;
  city: string;
}

export const personalTalkList: LayoutFamily = {
  id: 'personal-talk-list',
  render(context) {
    const { rng, language, english, style } = context;
    const people = new PeopleFactory(rng, language, { organizations: 0.3 });
    const person = people.create();
    const titles = new TitleFactory(
      rng,
      language,
      english,
      language.code === 'en' ? 0 : rng.pick([0, 0.3, 0.6]),
    );
    const count = rng.int(3, 16);
    const entries: PersonalTalk[] = [];
    let year = rng.int(2018, 2025);
    for (let i = 0; i < count; i++) {
      if (rng.chance(0.4)) year -= 1;
      const meetup = rng.chance(0.3);
      const cityName = city(rng, language);
      const speakers: Person[] = [person];
      if (rng.chance(0.12)) speakers.push(people.create());
      const title = titles.create();
      entries.push({
        talk: {
          id: `t${i}`,
          slug: `t${i}`,
          title,
          kind: rng.chance(0.15)
            ? 'lightning'
            : rng.chance(0.1)
              ? 'keynote'
              : rng.chance(0.1)
                ? 'workshop'
                : 'talk',
          speakers,
          abstract: titles.abstract(),
          day: 0,
          start: '',
          end: '',
          room: '',
          track: '',
          url: `https://example.org/talks/${i}`,
          slides: rng.chance(0.6) ? `https://speakerdeck.example.org/${person.handle}/${i}` : undefined,
          video: rng.chance(0.4) ? `https://video.example.org/${rng.seed().toString(36)}` : undefined,
          cancelled: false,
        },
        event: eventName(rng, language, meetup, year, cityName),
        year,
        city: cityName,
      });
    }
    const recorder = new GoldRecorder();
    recorder.note(
      'Every talk is by the page owner, named once at the top; co-speakers are named with their talk.',
    );
    const layout = rng.weighted([
      ['front-matter-list', 3],
      ['heading-years', 3],
      ['table', 2],
      ['html', 2],
    ] as const);
    const withWord = coSpeakerWords[language.code] ?? '&';
    const withCo = (pt: PersonalTalk) => {
      const co = pt.talk.speakers.slice(1);
      return co.length > 0
        ? ` (${withWord} ${joinNames(
            context,
            co.map((p) => p.written),
          )})`
        : '';
    };
    const heading = rng.pick(language.personalHeadings);
    const byline = rng.pick(language.personalBylines).replace('{name}', person.written);
    const links = (pt: PersonalTalk, markup: 'md' | 'html') => {
      const parts: string[] = [];
      if (pt.talk.slides)
        parts.push(
          markup === 'md'
            ? `[${label(context, 'slides')}](${pt.talk.slides})`
            : `<a href="${escapeAttribute(pt.talk.slides)}">${escapeHtml(label(context, 'slides'))}</a>`,
        );
      if (pt.talk.video)
        parts.push(
          markup === 'md'
            ? `[${label(context, 'video')}](${pt.talk.video})`
            : `<a href="${escapeAttribute(pt.talk.video)}">${escapeHtml(label(context, 'video'))}</a>`,
        );
      return parts.length > 0 ? ` (${parts.join(', ')})` : '';
    };
    const dash = style.one('personal-dash', [' — ', ' – ', ' - ', ', ']);
    const lines: string[] = [];
    let name = 'talks.md';
    for (const pt of entries) recorder.talk(pt.talk);
    if (layout === 'front-matter-list') {
      lines.push('---', `title: ${heading}`, `author: ${person.written}`, 'layout: page', '---', '');
      if (rng.chance(0.5)) lines.push(byline, '');
      for (const pt of entries) {
        const title = style.one('personal-title', ['strong', 'plain', 'link']);
        const shown =
          title === 'strong'
            ? `**${pt.talk.title}**`
            : title === 'link'
              ? `[${pt.talk.title}](${pt.talk.url})`
              : pt.talk.title;
        lines.push(`- ${shown}${withCo(pt)}${dash}${pt.event}${links(pt, 'md')}`);
      }
    } else if (layout === 'heading-years') {
      lines.push(`# ${byline}`, '');
      let current = 0;
      for (const pt of entries) {
        if (pt.year !== current) {
          current = pt.year;
          lines.push('', `## ${current}`, '');
        }
        lines.push(`- [${pt.talk.title}](${pt.talk.url})${withCo(pt)}, ${pt.event}, ${pt.city}`);
        if (rng.chance(0.3)) lines.push(`  ${pt.talk.abstract}`);
      }
    } else if (layout === 'table') {
      lines.push(`# ${heading}`, '', rng.chance(0.5) ? `*${person.written}*` : byline, '');
      const headers = [label(context, 'date'), 'Event', label(context, 'title'), label(context, 'slides')];
      const rows = entries.map((pt) => [
        String(pt.year),
        pt.event,
        `${markdownInline.escape(pt.talk.title)}${withCo(pt)}`,
        pt.talk.slides ? `[${label(context, 'slides')}](${pt.talk.slides})` : '',
      ]);
      lines.push(markdownPipeTable(context, headers, rows));
    } else {
      name = 'talks.html';
      lines.push(
        `<h1>${escapeHtml(person.written)}</h1>`,
        `<h2>${escapeHtml(heading)}</h2>`,
        '<ul class="talks">',
      );
      for (const pt of entries)
        lines.push(
          `  <li><a href="${escapeAttribute(pt.talk.url)}">${escapeHtml(pt.talk.title)}</a>${escapeHtml(withCo(pt))}${escapeHtml(dash)}${escapeHtml(pt.event)} (${pt.year})${links(pt, 'html')}</li>`,
        );
      lines.push('</ul>');
    }
    lines.push('');
    return { files: [{ name, text: lines.join('\n') }], gold: recorder.build() };
  },
};
