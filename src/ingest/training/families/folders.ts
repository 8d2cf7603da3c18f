// Folder layouts, read as one set of files: a folder of one-talk pages (Markdown with front matter,
// the event named once in an index page or in each page's front matter, a page or two that is not
// a talk) and a folder of linked data files (people, sessions and a timetable that refer to each
// other by ids, as static-site generators keep them).
import { createProgramme, type Person, type Talk } from '../programme.js';
import {
  cancelledMark,
  type DocumentFile,
  GoldRecorder,
  introLine,
  isoDate,
  kindLabel,
  type LayoutFamily,
  label,
} from '../rendering.js';
import { yamlScalar } from '../syntax.js';
import { type Json, linkedRecords, stringify, toYaml, yamlQuoting } from './data.js';

export const folderTalkPages: LayoutFamily = {
  id: 'folder-talk-pages',
  render(context) {
    const { rng, language, english, style } = context;
    const programme = createProgramme(rng, language, english, {
      talks: [3, 16],
      days: [1, 2],
      rooms: [1, 3],
      breaks: false,
      cancelled: 0.2,
    });
    const recorder = new GoldRecorder();
    const files: DocumentFile[] = [];
    const eventPlace = rng.weighted([
      ['index', 5],
      ['front-matter', 3],
      ['readme', 2],
    ] as const);
    recorder.event = programme.event.name;
    const directory = style.one('pages-dir', ['talks/', '_talks/', 'content/sessions/', '_posts/', '']);
    const bundles = directory !== '_posts/' && rng.chance(0.2);
    const frontMatter = rng.chance(0.85);
    const speakerField = style.one<SpeakerField>('pages-speaker-field', [
      'speakers-list',
      'speakers-flow',
      'speaker',
      'authors',
      'speaker-objects',
    ]);
    const organizations = rng.chance(0.5);
    const quoting = yamlQuoting(context);
    const scalar = (v: string) => yamlScalar(v, quoting);
    if (eventPlace === 'index') {
      const name = style.one('index-name', ['index.md', '_index.md']);
      files.push({
        name: directory && name === '_index.md' ? `${directory}_index.md` : name,
        text: [
          '---',
          `title: ${scalar(programme.event.name)}`,
          `date: ${isoDate(programme.event.dates[0] as Date)}`,
          `location: ${scalar(programme.event.city)}`,
          '---',
          '',
          introLine(context, programme),
          '',
        ].join('\n'),
      });
    } else if (eventPlace === 'readme') {
      files.push({
        name: 'README.md',
        text: `# ${programme.event.name}\n\n${introLine(context, programme)}\n`,
      });
    }
    for (const [index, talk] of programme.entries
      .flatMap((e) => (e.type === 'talk' ? [e.talk] : []))
      .entries()) {
      const date = isoDate(programme.event.dates[talk.day] as Date);
      const base = directory === '_posts/' ? `${date}-${talk.slug}` : talk.slug || `talk-${index + 1}`;
      const name = bundles ? `${directory}${base}/index.md` : `${directory}${base}.md`;
      const lines: string[] = [];
      if (frontMatter) {
        lines.push('---', `title: ${scalar(talk.title)}`);
        lines.push(...speakerLines(talk, speakerField, organizations, scalar));
        if (eventPlace === 'front-matter') lines.push(`event: ${scalar(programme.event.name)}`);
        if (rng.chance(0.6)) lines.push(`date: ${date}`);
        if (rng.chance(0.5)) lines.push(`time: ${scalar(talk.start)}`);
        if (programme.rooms.length > 1 && rng.chance(0.5)) lines.push(`room: ${scalar(talk.room)}`);
        if (rng.chance(0.5)) lines.push(`type: ${scalar(kindLabel(context, talk.kind))}`);
        if (talk.slides && rng.chance(0.4)) lines.push(`slides: ${talk.slides}`);
        if (talk.cancelled) lines.push(rng.pick(['cancelled: true', 'status: cancelled']));
        if (rng.chance(0.3)) lines.push(`tags: [${talk.track}]`);
        lines.push('---', '');
        lines.push(talk.abstract, '');
      } else {
        const mark = talk.cancelled ? ` ${cancelledMark(context)}` : '';
        const word = talk.speakers.length > 1 ? label(context, 'speakers') : label(context, 'speaker');
        const names = talk.speakers.map((p) =>
          organizations && p.organization ? `${p.written} (${p.organization})` : p.written,
        );
        lines.push(`# ${talk.title}${mark}`, '', `**${word}:** ${names.join(', ')}`, '', talk.abstract, '');
      }
      files.push({ name, text: lines.join('\n') });
      const shown = organizations && (speakerField !== 'speakers-flow' || !frontMatter);
      if (talk.cancelled)
        recorder.cancelled(talk, frontMatter ? undefined : `${talk.title} ${cancelledMark(context)}`);
      else recorder.talk(talk, { organizations: shown });
    }
    if (rng.chance(0.35)) {
      files.push({
        name: rng.pick(['about.md', 'venue.md', 'code-of-conduct.md']),
        text: [
          '---',
          `title: ${scalar(label(context, 'programme'))}`,
          '---',
          '',
          `${programme.event.city}, ${programme.event.year}.`,
          '',
        ].join('\n'),
      });
    }
    return { files, gold: recorder.build() };
  },
};

type SpeakerField = 'speakers-list' | 'speakers-flow' | 'speaker' | 'authors' | 'speaker-objects';

function speakerLines(
  talk: Talk,
  field: SpeakerField,
  organizations: boolean,
  scalar: (value: string) => string,
): string[] {
  const lines: string[] = [];
  const single = talk.speakers.length === 1 ? (talk.speakers[0] as Person) : null;
  if (field === 'speaker' && single) {
    lines.push(`speaker: ${scalar(single.written)}`);
    if (organizations && single.organization) lines.push(`company: ${scalar(single.organization)}`);
    return lines;
  }
  if (field === 'speakers-flow')
    return [`speakers: [${talk.speakers.map((p) => JSON.stringify(p.written)).join(', ')}]`];
  if (field === 'speaker-objects' || (field === 'speaker' && !single) || organizations) {
    lines.push('speakers:');
    for (const p of talk.speakers) {
      lines.push(`  - name: ${scalar(p.written)}`);
      if (organizations && p.organization) lines.push(`    affiliation: ${scalar(p.organization)}`);
    }
    return lines;
  }
  lines.push(
    `${field === 'authors' ? 'authors' : 'speakers'}:`,
    ...talk.speakers.map((p) => `  - ${scalar(p.written)}`),
  );
  return lines;
}

export const folderLinkedData: LayoutFamily = {
  id: 'folder-linked-data',
  render(context) {
    const { rng, language, english } = context;
    const programme = createProgramme(rng, language, english, {
      talks: [3, 30],
      days: [1, 2],
      rooms: [1, 4],
      breaks: rng.chance(0.5),
      cancelled: 0.15,
    });
    const recorder = new GoldRecorder();
    const { speakers, sessions, rooms } = linkedRecords(context, programme, recorder);
    const dataDir = rng.pick(['_data/', 'data/', '']);
    const format = (value: { [key: string]: Json } | Json[], preferYaml: boolean) =>
      preferYaml
        ? { ext: rng.pick(['yml', 'yaml']), text: toYaml(value, context) }
        : { ext: 'json', text: stringify(context, value) };
    const files: DocumentFile[] = [];
    const people = format(speakers, rng.chance(0.6));
    files.push({ name: `${dataDir}${rng.pick(['people', 'speakers'])}.${people.ext}`, text: people.text });
    const timetable = rng.chance(0.6);
    const sessionIdKey = 'id';
    const talksOnly = sessions as { [key: string]: Json }[];
    if (timetable) {
      // The timetable gives times and rooms; sessions keep only what they are.
      const slots: Json[] = [];
      const talkIds = new Map<Talk, Json>();
      let index = 0;
      for (const entry of programme.entries) {
        if (entry.type === 'talk') talkIds.set(entry.talk, talksOnly[index++]?.[sessionIdKey] ?? null);
      }
      for (const entry of programme.entries) {
        if (entry.type === 'talk') {
          const talk = entry.talk;
          slots.push({
            day: isoDate(programme.event.dates[talk.day] as Date),
            start: talk.start,
            end: talk.end,
            room: talk.room,
            session: talkIds.get(talk) ?? null,
          });
        } else if (rng.chance(0.7)) {
          recorder.notTalk(entry.item.label);
          slots.push({
            day: isoDate(programme.event.dates[entry.item.day] as Date),
            start: entry.item.start,
            end: entry.item.end,
            title: entry.item.label,
          });
        }
      }
      for (const session of talksOnly) {
        for (const key of Object.keys(session))
          if (/^(start|start_time|time|startsAt|begin|room|location|venue|stage|roomId)$/.test(key))
            delete session[key];
      }
      const schedule = format({ [rng.pick(['slots', 'schedule', 'timetable'])]: slots }, rng.chance(0.3));
      files.push({ name: `${dataDir}schedule.${schedule.ext}`, text: schedule.text });
    } else if (rooms) {
      const roomFile = format(rooms, rng.chance(0.5));
      files.push({ name: `${dataDir}rooms.${roomFile.ext}`, text: roomFile.text });
    }
    const sessionFile = format(talksOnly, rng.chance(0.3));
    files.push({
      name: `${dataDir}${rng.pick(['sessions', 'talks'])}.${sessionFile.ext}`,
      text: sessionFile.text,
    });
    if (rng.chance(0.5)) {
      const site = format(
        { title: programme.event.name, city: programme.event.city, year: programme.event.year },
        rng.chance(0.6),
      );
      files.push({ name: rng.pick([`${dataDir}event.${site.ext}`, `site.${site.ext}`]), text: site.text });
      recorder.event = programme.event.name;
    }
    return { files, gold: recorder.build() };
  },
};
