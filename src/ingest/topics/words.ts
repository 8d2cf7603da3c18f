// Words of a text with their offsets and sentences: the shared tokenizer of topic and mention
// extraction. Keeps technical tokens whole ("C++", "Node.js", "net/http/pprof", "go-routines").
export interface Word {
  text: string;
  start: number;
  end: number;
  sentence: number;
  /** First word of its sentence (capitalized for grammar, not because it is a name). */
  sentenceStart: boolean;
  /** Punctuation separates it from the previous word: a phrase cannot run across it. */
  afterPunctuation: boolean;
}

const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’+#./-]*[\p{L}\p{N}\p{M}+#]|[\p{L}\p{N}]/gu;
/** Sentence boundaries: ., !, ? or a line break, followed by space. */
const sentenceEnd = /[.!?]["'”’)]*(?=\s)|\n/g;

export function words(text: string): Word[] {
  const boundaries: number[] = [];
  for (let m = sentenceEnd.exec(text); m; m = sentenceEnd.exec(text)) boundaries.push(m.index + m[0].length);
  const result: Word[] = [];
  let sentence = 0;
  let boundary = 0;
  for (let m = wordPattern.exec(text); m; m = wordPattern.exec(text)) {
    let sentenceStart = result.length === 0;
    while (boundary < boundaries.length && (boundaries[boundary] as number) <= m.index) {
      boundary++;
      sentence++;
      sentenceStart = true;
    }
    // A word ending in "'s" is the word (possessive): "Go's" → "Go".
    const token = m[0].replace(/['’]s$/u, '');
    const previous = result.at(-1);
    const gap = previous ? text.slice(previous.end, m.index) : '';
    const afterPunctuation = /[^\s'’]/u.test(gap);
    result.push({
      text: token,
      start: m.index,
      end: m.index + token.length,
      sentence,
      sentenceStart,
      afterPunctuation,
    });
  }
  return result;
}

/** Function words and the verbs of abstracts: never the start or end of a keyphrase. */
export const stopwords = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours yourself yourselves us let lets get gets got getting go goes going gone went may might must shall one two three ' +
    'many much every either neither whether though although however therefore thus also yet still even ever never always often ' +
    'really quite rather already almost enough well back way ways new old first last next another around across along within ' +
    'without upon via per like unlike onto toward towards beyond behind among amongst versus vs etc e.g i.e ' +
    // verbs that abstracts and write-ups use to talk about a talk
    'talk talks talked talking discuss discusses discussed discussing explore explores explored exploring show shows showed shown ' +
    'showing cover covers covered covering look looks looked looking give gives gave given giving walk walks walked walking ' +
    'present presents presented presenting introduce introduces introduced introducing explain explains explained explaining ' +
    'learn learns learned learning share shares shared sharing describe describes described take takes took taken taking ' +
    'make makes made making use uses used using want wants wanted need needs needed know knows knew known see sees saw seen ' +
    'think thinks thought say says said tell tells told find finds found become becomes became help helps helped try tries tried ' +
    'start starts started keep keeps kept turn turns turned put puts run runs ran come comes came work works worked ' +
    'provide provides provided allow allows allowed lead leads led bring brings brought spoke speaks speak ' +
    'write writes wrote written drive drives drove driven lack lacks emerge emerges emerged apply applies applied ' +
    'announce announces announced expand expands expanded dive dives dived continue continues continued add adds added ' +
    'depend depends depended read reads compile compiles compiled hide hides hid hidden fit fits fail fails failed ' +
    'break breaks broke broken fix fixes fixed grow grows grew ran beat beats win wins won lose loses lost reach reaches ' +
    'cost costs cut cuts send sends sent stop stops stopped save saves saved pick picks picked catch catches caught ' +
    'replace replaces replaced remove removes removed rewrite rewrote rewritten prevent prevents prevented ' +
    'interact interacts interacted compare compares compared ' +
    "don't doesn't didn't isn't aren't wasn't weren't can't cannot won't wouldn't shouldn't couldn't i'm i've i'd i'll " +
    "we're we've you're it's that's there's here's let's"
  ).split(' '),
);

/** Nouns that are too general to be a talk's topic on their own. */
export const genericNouns = new Set(
  (
    'talk talks speaker speakers session sessions presentation overview introduction intro part parts thing things lot lots bit ' +
    'kind kinds sort type types today tomorrow yesterday year years day days time times people person team teams user users ' +
    'example examples case cases problem problems issue issues question questions answer answers idea ideas approach approaches ' +
    'solution solutions option options way ways step steps end start number numbers set sets world everyone something ' +
    'anything everything nothing hundred hundreds thousand thousands dozen dozens audience attendees event events conference ' +
    'meetup room stage slide slides demo demos q a effort cost context area areas field point points fact reason reasons ' +
    'result results work job jobs company companies project projects product products feature features version versions ' +
    'level levels value values pros cons pitfall pitfalls lesson lessons tip tips trick tricks journey story stories ' +
    'group groups bunch hood lot guide panel panels end ends report reports dive dives advice half halves recap ' +
    'takeaway takeaways walkthrough primer tour insight insights'
  ).split(' '),
);

/** Nouns that say what kind of thing a name is: "Cayley, a graph database", "the Foo library". */
export const kindsOfThingPattern =
  'database|datastore|library|framework|tool|toolkit|protocol|language|project|system|service|platform|engine|server|runtime|compiler|editor|format|queue|broker|store|cache|proxy|orchestrator|scheduler|package|debugger|profiler|linter|api|sdk|cli|app|application|browser|kernel|filesystem|file system|network';
export const kindsOfThing: ReadonlySet<string> = new Set(kindsOfThingPattern.split('|'));
