// Prose recaps: a blog post that names talks inside running sentences — titles quoted, emphasised,
// bold or linked; speakers before or after them ("by", "von", "de", "presented by", "présenté
// par", "apresentada por"), sometimes with their organisation — plus sentences that name no talk
// and a person who is not a speaker. Only the talks the text mentions are in the gold.
import { technologies } from '../languages.js';
import { createProgramme, fillTemplate, PeopleFactory, type Talk } from '../programme.js';
import {
  type FamilyContext,
  formatDate,
  GoldRecorder,
  type LayoutFamily,
  profileUrl,
  quoteTitle,
  speakerText,
} from '../rendering.js';
import { escapeAttribute, escapeHtml, wrapText } from '../syntax.js';

const recapTitles: Record<string, readonly string[]> = {
  en: ['{event} recap', 'Notes from {event}', 'My highlights of {event}', 'Looking back at {event}'],
  de: ['Rückblick auf {event}', '{event}: meine Highlights', 'Notizen von {event}'],
  fr: ['Retour sur {event}', '{event} : nos notes', 'Ce que nous avons retenu de {event}'],
  es: ['Crónica de {event}', 'Resumen de {event}', 'Lo mejor de {event}'],
  pt: ['Resumo do {event}', 'Como foi o {event}', 'Destaques do {event}'],
  it: ['Resoconto di {event}', 'Il meglio di {event}', 'Appunti da {event}'],
};

type TitleForm = 'quoted' | 'emphasis' | 'strong' | 'link' | 'quoted-link';

function titleInProse(context: FamilyContext, talk: Talk, form: TitleForm, html: boolean): string {
  const title = html ? escapeHtml(talk.title) : talk.title;
  switch (form) {
    case 'emphasis':
      return html
        ? `<em>${title}</em>`
        : `${context.style.one('emphasis-mark', ['*', '_'])}${title}${context.style.one('emphasis-mark', ['*', '_'])}`;
    case 'strong':
      return html ? `<strong>${title}</strong>` : `**${title}**`;
    case 'link':
      return html ? `<a href="${escapeAttribute(talk.url)}">${title}</a>` : `[${title}](${talk.url})`;
    case 'quoted-link': {
      const quoted = quoteTitle(context, talk.title);
      return html
        ? `<a href="${escapeAttribute(talk.url)}">${escapeHtml(quoted)}</a>`
        : `[${quoted}](${talk.url})`;
    }
    default:
      return html ? escapeHtml(quoteTitle(context, talk.title)) : quoteTitle(context, talk.title);
  }
}

export const proseRecap: LayoutFamily = {
  id: 'prose-recap',
  languages: ['en', 'fr', 'de', 'es', 'pt', 'en', 'it', 'de', 'fr', 'es', 'pt', 'en'],
  render(context) {
    const { rng, language, english, style } = context;
    const prose = language.prose ?? english.prose;
    if (!prose) throw new Error('prose recaps need a prose vocabulary');
    const programme = createProgramme(rng, language, english, {
      talks: [4, 14],
      days: [1, 2],
      rooms: [1, 2],
      breaks: false,
      organizations: rng.pick([0, 0.5, 0.8]),
    });
    const recorder = new GoldRecorder();
    recorder.event = programme.event.name;
    const html = rng.chance(0.2);
    const mentioned = programme.talks.filter(() => rng.chance(0.7)).slice(0, rng.int(3, 8));
    if (mentioned.length === 0 && programme.talks[0]) mentioned.push(programme.talks[0]);
    const mainForm = style.one<TitleForm>('prose-title', [
      'quoted',
      'quoted',
      'emphasis',
      'link',
      'quoted-link',
      'strong',
    ]);
    const linkedNames = rng.chance(0.25);
    const wrap = !html && rng.chance(0.4);
    const headed = !html && rng.chance(0.2);
    const event = programme.event;
    // In HTML the sentence is escaped first; values put into it are already HTML.
    const asMarkup = (text: string) => (html ? escapeHtml(text) : text);
    const fillWith = (template: string, extra: Record<string, string>, markup: (text: string) => string) =>
      fillTemplate(markup(template), {
        event: markup(event.name),
        city: markup(event.city),
        date: markup(formatDate(context, event.dates[0] as Date, 'long')),
        T: rng.pick(technologies),
        D: markup(rng.pick(language.domains)),
        ...extra,
      });
    const fill = (template: string, extra: Record<string, string>) => fillWith(template, extra, asMarkup);

    const paragraphs: string[] = [fill(rng.pick(prose.opening), {})];
    let paragraph: string[] = [];
    const flush = () => {
      if (paragraph.length > 0) paragraphs.push(paragraph.join(' '));
      paragraph = [];
    };
    const headings = new Map<number, string>();
    for (const talk of mentioned) {
      const withOrganization = talk.speakers.some((p) => p.organization) && rng.chance(0.35);
      const names = speakerText(context, talk.speakers, {
        sentence: true,
        decorate: (person, written) =>
          linkedNames
            ? html
              ? `<a href="${escapeAttribute(profileUrl(context, person))}">${escapeHtml(written)}</a>`
              : `[${written}](${profileUrl(context, person)})`
            : html
              ? escapeHtml(written)
              : written,
      });
      const organization = talk.speakers.find((p) => p.organization)?.organization ?? '';
      const form = rng.chance(0.15) ? rng.pick<TitleForm>(['quoted', 'emphasis', 'link']) : mainForm;
      // The first sentence of each language's list opens the day: only for the first talk named.
      const talkSentences = talk === mentioned[0] ? prose.talk : prose.talk.slice(1);
      const template = withOrganization ? rng.pick(prose.talkWithOrganization) : rng.pick(talkSentences);
      if (headed) {
        flush();
        headings.set(paragraphs.length, talk.title);
      }
      paragraph.push(
        fill(template, {
          Q: titleInProse(context, talk, form, html),
          S: names,
          O: asMarkup(organization),
        }),
      );
      // The organisation is the speakers' when one speaker has it (or all share it).
      const shared =
        talk.speakers.length === 1 || talk.speakers.every((p) => p.organization === organization);
      if (withOrganization && shared) recorder.talk(talk, { organizations: true });
      else recorder.talk(talk);
      if (rng.chance(0.35)) paragraph.push(asMarkup(rng.pick(prose.filler)));
      if (headed || rng.chance(0.4)) flush();
    }
    flush();
    if (rng.chance(0.4)) {
      const host = new PeopleFactory(rng, language, { organizations: 0 }).create();
      // A person named in the text who gives no talk (an organiser): not a speaker.
      if (!programme.people.some((p) => p.gold === host.gold))
        paragraphs.push(fill(rng.pick(prose.thanks), { P: asMarkup(host.written) }));
    }
    paragraphs.push(asMarkup(rng.pick(prose.closing)));

    const title = fillWith(
      rng.pick(recapTitles[language.code] ?? recapTitles.en ?? ['{event}']),
      {},
      (t) => t,
    );
    if (html) {
      const body = paragraphs.map((p) => `<p>${p}</p>`);
      const text = [
        '<article class="post">',
        `<h1>${escapeHtml(title)}</h1>`,
        ...body,
        '</article>',
        '',
      ].join('\n');
      return { files: [{ name: 'recap.html', text }], gold: recorder.build() };
    }
    const lines: string[] = [];
    if (rng.chance(0.5))
      lines.push(
        '---',
        `title: "${title.replace(/"/g, "'")}"`,
        `date: ${event.dates[0]?.toISOString().slice(0, 10)}`,
        `tags: [${rng.pick(technologies)}, conference]`,
        '---',
        '',
      );
    else lines.push(`# ${title}`, '');
    paragraphs.forEach((text, index) => {
      const heading = headings.get(index);
      if (heading) lines.push(`#### ${heading}`, '');
      lines.push(wrap ? wrapText(text, 80) : text, '');
    });
    return {
      files: [
        {
          name: `${event.dates[0]?.toISOString().slice(0, 10)}-${rng.pick(['recap', 'notes', 'conference'])}.md`,
          text: lines.join('\n'),
        },
      ],
      gold: recorder.build(),
    };
  },
};
