// search(text, kinds, first): ranked, accent- and case-insensitive, typo-tolerant search across kinds.
import { TalkgraphError } from '../../errors.js';
import { type SearchHit as SearchHitRow, search } from '../../store/search.js';
import { builder } from '../builder.js';
import { maxPageSize, pageSize } from '../pagination.js';
import { Entity, typenameByKind } from './entity.js';

const SearchHit = builder.objectRef<SearchHitRow>('SearchHit').implement({
  description: 'An entity that matches a search, with how well and where.',
  fields: (t) => ({
    entity: t.field({ type: Entity, description: 'The matching entity.', resolve: (hit) => hit }),
    score: t.exposeFloat('score', { description: 'Relevance in (0, 1]; higher is better.' }),
    snippet: t.exposeString('snippet', {
      nullable: true,
      description: 'The matched name, alias or passage, with matched words in <b>…</b>.',
    }),
  }),
});

builder.queryField('search', (t) =>
  t.field({
    type: [SearchHit],
    description:
      'Entities whose name, title, alias, handle or abstract matches `text`, best first. Ignores accents and case and tolerates small typos in names.',
    args: {
      text: t.arg.string({
        required: true,
        description: 'What to look for, e.g. "veronica lopez" or "raft consensus".',
      }),
      kinds: t.arg.stringList({
        required: false,
        description: 'Only these kinds, e.g. ["talk", "speaker"] (default: all but documents).',
      }),
      first: t.arg.int({
        required: false,
        description: `How many hits (at most ${maxPageSize}; default 10).`,
      }),
    },
    resolve: (_root, args, ctx) => {
      const first = pageSize(args.first, 10);
      const text = args.text.trim();
      if (text.length === 0 || text.length > 200) {
        throw new TalkgraphError('BAD_USER_INPUT', 'search text must be 1 to 200 characters');
      }
      const unknown = (args.kinds ?? []).filter((kind) => !(kind in typenameByKind));
      if (unknown.length > 0) {
        throw new TalkgraphError(
          'BAD_USER_INPUT',
          `unknown kind ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${Object.keys(typenameByKind).join(', ')})`,
        );
      }
      return search(ctx.store.db, ctx.store.predicates, text, { kinds: args.kinds, first });
    },
  }),
);
