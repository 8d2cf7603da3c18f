// Global, opaque ids: base64url("<Type>:<node id>"). Malformed ids are the client's mistake
// (BAD_USER_INPUT); well-formed ids of nodes that do not exist simply resolve to null.
import { TalkgraphError } from '../errors.js';

export function encodeGlobalId(typename: string, id: number): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

export function decodeGlobalId(globalId: string): { typename: string; id: number } {
  const decoded = /^[A-Za-z0-9_-]+={0,2}$/.test(globalId)
    ? Buffer.from(globalId, 'base64url').toString('utf8')
    : '';
  const match = /^([A-Z][A-Za-z]*):([1-9][0-9]{0,15})$/.exec(decoded);
  if (!match) throw new TalkgraphError('BAD_USER_INPUT', `"${globalId}" is not a Talkgraph id`);
  return { typename: match[1] as string, id: Number(match[2]) };
}
