import { column, incomingPage } from '../field-reads.js';
import { pageArgs } from '../pagination.js';
import { TalkConnection, Technology } from '../refs.js';
import { Entity, NodeInterface } from './entity.js';

Technology.implement({
  description: 'A named technology (database, protocol, tool, library or project) that talks mention.',
  interfaces: [NodeInterface, Entity],
  fields: (t) => ({
    name: t.string({ description: 'The name as usually written.', ...column('label') }),
    talks: t.field({
      type: TalkConnection,
      description: 'Talks that mention it.',
      args: pageArgs(t.arg, 'talk'),
      ...incomingPage('mentions', 'node'),
    }),
  }),
});
