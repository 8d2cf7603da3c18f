// A programme as rows and columns, for every family that writes tables (Markdown, HTML, CSV,
// MediaWiki, Org, AsciiDoc, reStructuredText, LaTeX): which columns a document has and in what
// order, what its header row calls them (renamed, translated or left empty), and what each cell of
// a talk, a break, a placeholder or a cancelled talk holds in a given inline markup.
import type { InlineMarkup } from '../inline.js';
import type { Entry, Programme, Talk } from '../programme.js';
import {
  cancelledMark,
  type FamilyContext,
  formatDate,
  formatTime,
  type GoldRecorder,
  kindLabel,
  label,
  profileUrl,
  speakerText,
  timeRange,
} from '../rendering.js';

export type Column =
  | 'number'
  | 'date'
  | 'time'
  | 'title'
  | 'speakers'
  | 'organization'
  | 'room'
  | 'track'
  | 'kind'
  | 'slides'
  | 'video'
  | 'abstract';

export interface TableDesign {
  columns: Column[];
  headers: string[];
  organizationsInSpeakers: boolean;
  titleForm: 'plain' | 'link' | 'strong' | 'slides-link';
  linkSpeakers: boolean;
  handles: boolean;
  speakersOnePerLine: boolean;
  timeForm: 'range' | 'start';
  /** "Keynote: Title" in the title cell instead of a kind column. */
  kindPrefix: boolean;
  /** Breaks and placeholders as rows. */
  breakRows: boolean;
  /** A cancelled talk's title marked, struck through and marked, or left bare beside a status column. */
  cancelledForm: 'mark' | 'strike' | 'status';
}

export interface DesignOptions {
  /** Whether a time column is possible (a schedule) and likely. */
  time?: number;
  room?: number;
  date?: number;
  abstract?: number;
  /** No cell may hold a line break (Markdown, Org, simple RST tables). */
  singleLine?: boolean;
  /** The syntax can link text (CSV cannot). */
  links?: boolean;
  /** Header cells may be left empty. */
  emptyHeaders?: number;
}

export function designTable(
  context: FamilyContext,
  programme: Programme,
  options: DesignOptions = {},
): TableDesign {
  const { rng } = context;
  const anyOrganization = programme.people.some((p) => p.organization);
  const organizationColumn = anyOrganization && rng.chance(0.3);
  const organizationsInSpeakers = anyOrganization && !organizationColumn && rng.chance(0.35);
  const leading: Column[] = [];
  if (rng.chance(0.08)) leading.push('number');
  if (rng.chance(options.date ?? 0)) leading.push('date');
  if (rng.chance(options.time ?? 0.6)) leading.push('time');
  const core: Column[] = rng.chance(0.35) ? ['speakers', 'title'] : ['title', 'speakers'];
  const extras: Column[] = [];
  if (organizationColumn) extras.push('organization');
  if (programme.rooms.length > 1 && rng.chance(options.room ?? 0.5)) extras.push('room');
  if (rng.chance(0.15)) extras.push('track');
  const kindColumn = rng.chance(0.25);
  if (kindColumn) extras.push('kind');
  if (options.links !== false && rng.chance(0.2)) extras.push('slides');
  if (options.links !== false && rng.chance(0.15)) extras.push('video');
  if (rng.chance(options.abstract ?? 0.1)) extras.push('abstract');
  const shuffled = rng.shuffle(extras);
  // Organisation and room columns usually sit next to what they describe; sometimes anywhere.
  const columns: Column[] = rng.chance(0.2)
    ? [...leading, ...rng.shuffle([...core, ...shuffled])]
    : [...leading, ...core, ...shuffled];
  const emptyHeaders = rng.chance(options.emptyHeaders ?? 0.08);
  const multiSpeaker = programme.talks.some((t) => t.speakers.length > 1);
  const headers = columns.map((column) => (emptyHeaders ? '' : headerWord(context, column, multiSpeaker)));
  return {
    columns,
    headers,
    organizationsInSpeakers,
    titleForm:
      options.links === false
        ? 'plain'
        : rng.weighted([
            ['plain', 5],
            ['link', 2],
            ['strong', 1],
            ['slides-link', 1],
          ] as const),
    linkSpeakers: options.links !== false && rng.chance(0.25),
    handles: rng.chance(0.08),
    speakersOnePerLine: !options.singleLine && rng.chance(0.25),
    timeForm: rng.chance(0.6) ? 'range' : 'start',
    kindPrefix: !kindColumn && rng.chance(0.2),
    breakRows: leading.includes('time') ? rng.chance(0.85) : rng.chance(0.2),
    cancelledForm: options.links !== false && rng.chance(0.3) ? 'strike' : 'mark',
  };
}

export function headerWord(context: FamilyContext, column: Column, multiSpeaker: boolean): string {
  switch (column) {
    case 'number':
      return context.style.one('number-header', ['#', 'No.', 'Nr']);
    case 'speakers':
      return label(context, multiSpeaker && context.rng.chance(0.6) ? 'speakers' : 'speaker');
    case 'organization':
      return label(context, 'organization');
    default:
      return label(context, column);
  }
}

export type Cells = Record<Column, string>;

/** The talks of an entry that a row shows, for numbering. */
export interface RowOptions {
  markup: InlineMarkup;
  /** Strike-through for a cancelled title in this syntax, when it has one. */
  strike?: (text: string) => string;
  index: number;
}

/**
 * The cells of one row, or null when the design leaves the entry out (breaks without a time
 * column). Records what the row shows in the gold.
 */
export function rowCells(
  context: FamilyContext,
  programme: Programme,
  design: TableDesign,
  entry: Entry,
  recorder: GoldRecorder,
  options: RowOptions,
): Cells | null {
  const { markup } = options;
  const cells: Cells = {
    number: String(options.index + 1),
    date: '',
    time: '',
    title: '',
    speakers: '',
    organization: '',
    room: '',
    track: '',
    kind: '',
    slides: '',
    video: '',
    abstract: '',
  };
  const day = entry.type === 'talk' ? entry.talk.day : entry.item.day;
  const start = entry.type === 'talk' ? entry.talk.start : entry.item.start;
  const end = entry.type === 'talk' ? entry.talk.end : entry.item.end;
  cells.date = markup.escape(formatDate(context, programme.event.dates[day] as Date));
  cells.time = markup.escape(
    design.timeForm === 'range' ? timeRange(context, start, end) : formatTime(context, start),
  );

  if (entry.type === 'break') {
    if (!design.breakRows) return null;
    const item = entry.item;
    recorder.notTalk(item.label);
    cells.number = '';
    cells.title = markup.escape(item.label);
    if (item.category === 'tba' && context.style.flag('tba-speaker', 0.5))
      cells.speakers = markup.escape(item.label);
    cells.room = markup.escape(item.room ?? '');
    return cells;
  }

  const talk = entry.talk;
  cells.title = titleCell(context, design, talk, options);
  cells.speakers = speakersCell(context, design, talk, markup);
  if (design.columns.includes('organization')) {
    const organizations = talk.speakers.map((p) => p.organization).filter((o): o is string => Boolean(o));
    const distinct = new Set(organizations).size === 1 ? organizations.slice(0, 1) : organizations;
    cells.organization = distinct
      .map(markup.escape)
      .join(design.speakersOnePerLine ? markup.cellBreak : ', ');
  }
  cells.room = markup.escape(talk.room);
  cells.track = markup.escape(talk.track);
  cells.kind = markup.escape(kindLabel(context, talk.kind));
  cells.slides = talk.slides ? markup.link(markup.escape(label(context, 'slides')), talk.slides) : '';
  cells.video = talk.video ? markup.link(markup.escape(label(context, 'video')), talk.video) : '';
  cells.abstract = markup.escape(talk.abstract);

  // An organisation column says whose organisation it is when every speaker has one (in order) or
  // there is one speaker.
  const organizations =
    design.organizationsInSpeakers ||
    (design.columns.includes('organization') &&
      (talk.speakers.length === 1 || talk.speakers.every((p) => p.organization)));
  if (talk.cancelled)
    recorder.cancelled(
      talk,
      design.cancelledForm === 'status' ? undefined : `${talk.title} ${cancelledMark(context)}`,
    );
  else recorder.talk(talk, { organizations });
  return cells;
}

function titleCell(context: FamilyContext, design: TableDesign, talk: Talk, options: RowOptions): string {
  const { markup } = options;
  let title = markup.escape(talk.title);
  if (design.titleForm === 'link') title = markup.link(title, talk.url);
  else if (design.titleForm === 'slides-link' && talk.slides) title = markup.link(title, talk.slides);
  else if (design.titleForm === 'strong') title = markup.strong(title);
  if (design.kindPrefix && talk.kind !== 'talk')
    title = `${markup.escape(kindLabel(context, talk.kind))}: ${title}`;
  if (talk.cancelled && design.cancelledForm !== 'status') {
    const mark = markup.escape(cancelledMark(context));
    title =
      design.cancelledForm === 'strike' && options.strike
        ? `${options.strike(title)} ${mark}`
        : `${title} ${mark}`;
  }
  return title;
}

function speakersCell(context: FamilyContext, design: TableDesign, talk: Talk, markup: InlineMarkup): string {
  const how = {
    organizations: design.organizationsInSpeakers,
    handles: design.handles,
    decorate: (person: Talk['speakers'][number], written: string) =>
      design.linkSpeakers
        ? markup.link(markup.escape(written), profileUrl(context, person))
        : markup.escape(written),
  };
  if (design.speakersOnePerLine && talk.speakers.length > 1)
    return talk.speakers.map((p) => speakerText(context, [p], how)).join(markup.cellBreak);
  return speakerText(context, talk.speakers, how);
}

/** Every row of a list of entries: cells or null (left out). */
export function tableRows(
  context: FamilyContext,
  programme: Programme,
  design: TableDesign,
  entries: readonly Entry[],
  recorder: GoldRecorder,
  markup: InlineMarkup,
  strike?: (text: string) => string,
): Cells[] {
  const rows: Cells[] = [];
  let index = 0;
  for (const entry of entries) {
    const cells = rowCells(context, programme, design, entry, recorder, { markup, strike, index });
    if (!cells) continue;
    if (entry.type === 'talk') index += 1;
    rows.push(cells);
  }
  return rows;
}
