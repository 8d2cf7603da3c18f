// A conference schedule written straight through the store (no reader): talk times with and without
// an offset, rooms, tracks, formats, speakers in billing order with an affiliation, for the export
// tests. Names and titles are invented.
import type { Fact, FactNode } from '../../src/store/facts.js';
import { slugify } from '../../src/store/slug.js';
import type { Store } from '../../src/store/store.js';
import { writeDocument } from '../../src/store/write-document.js';

const node = (kind: string, label: string): FactNode => ({ kind, slug: slugify(label), label });
const value = (subject: FactNode, predicate: string, v: string): Fact => ({
  subject,
  predicate,
  object: { value: v },
});

export const harbor = node('event', 'Harbor Systems Conf 2024');
export const quarry = node('event', 'Quarry Meetup 2023');
export const zoe = node('speaker', 'Zoë Núñez');
export const ravi = node('speaker', 'Ravi Iyer');
export const acme = node('organization', 'Acme Cloud');
export const consensus = node('topic', 'consensus');

/** Commas, semicolons and a line break: what iCalendar TEXT must escape. */
export const consensusTitle = 'Consensus, Quorums; and Clocks';
export const consensusTalk = node('talk', consensusTitle);
export const floatingTitle = 'Floating, Local; Time\nExplained';
export const floatingTalk = node('talk', floatingTitle);
export const untimedTalk = node('talk', 'Schedules Without Times');
export const quarryTalk = node('talk', 'Rust at the Quarry');

/** Longer than a content line, with characters of two and three octets. */
export const longAbstract = `How quorums agree — and when they don’t: a tour of Raft, Paxos and clocks, with café-grade diagrams. ${'Ñ'.repeat(40)} ✓`;

export function harborFacts(): Fact[] {
  return [
    value(harbor, 'year', '2024'),
    value(harbor, 'city', 'Lisbon'),
    value(harbor, 'venue', 'Tejo Hall'),
    value(harbor, 'start_date', '2024-06-21'),
    value(harbor, 'end_date', '2024-06-22'),
    value(harbor, 'url', 'https://harbor.example/2024'),
    // Billing order is the position, not the order the facts arrive in.
    { subject: consensusTalk, predicate: 'has_speaker', object: { node: ravi }, position: 2 },
    { subject: consensusTalk, predicate: 'has_speaker', object: { node: zoe }, position: 1 },
    { subject: consensusTalk, predicate: 'presented_at', object: { node: harbor }, position: 1 },
    { subject: consensusTalk, predicate: 'has_topic', object: { node: consensus }, qualifier: 'title' },
    value(consensusTalk, 'abstract', longAbstract),
    value(consensusTalk, 'starts_at', '2024-06-22T09:30:00+01:00'),
    value(consensusTalk, 'ends_at', '2024-06-22T10:15:00+01:00'),
    value(consensusTalk, 'room', 'Room A'),
    value(consensusTalk, 'track', 'Distributed Systems'),
    value(consensusTalk, 'language', 'en'),
    value(consensusTalk, 'format', 'talk'),
    value(consensusTalk, 'url', 'https://harbor.example/2024/consensus'),
    value(consensusTalk, 'identifier', '5f0c6f2e-8a49-4f7b-9a53-0f4b9b0c2d11'),
    { subject: zoe, predicate: 'works_at', object: { node: acme }, qualifier: 'staff engineer' },
    { subject: ravi, predicate: 'works_at', object: { node: acme } },
    value(zoe, 'handle', 'zoenunez'),
    value(zoe, 'alias', 'Zoe Nunez'),
    value(zoe, 'bio', 'Builds databases that agree.'),
    value(zoe, 'url', 'https://zoe.example/'),
    { subject: floatingTalk, predicate: 'presented_at', object: { node: harbor }, position: 2 },
    { subject: floatingTalk, predicate: 'has_speaker', object: { node: ravi }, position: 1 },
    value(floatingTalk, 'starts_at', '2024-06-22T14:00:00'),
    value(floatingTalk, 'ends_at', '2024-06-22T14:05'),
    value(floatingTalk, 'room', 'Room B'),
    value(floatingTalk, 'format', 'lightning'),
    value(floatingTalk, 'identifier', 'session-42'),
    { subject: untimedTalk, predicate: 'presented_at', object: { node: harbor }, position: 3 },
  ];
}

export function quarryFacts(): Fact[] {
  return [
    value(quarry, 'year', '2023'),
    { subject: quarryTalk, predicate: 'presented_at', object: { node: quarry }, position: 1 },
    { subject: quarryTalk, predicate: 'has_speaker', object: { node: zoe }, position: 1 },
    value(quarryTalk, 'starts_at', '2023-03-02T18:30:00Z'),
  ];
}

let written = 0;

/** Writes facts as one document, the way ingest does. */
export async function writeSchedule(store: Store, name: string, facts: Fact[]): Promise<void> {
  written += 1;
  const sha256 = written.toString(16).padStart(64, '0');
  await store.db.transaction((tx) =>
    writeDocument(tx, store.predicates, { name, sha256, format: 'listing', bytes: 100 }, facts),
  );
}

/** Everything an exporter yields, joined. */
export async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}
