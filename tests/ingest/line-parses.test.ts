import { describe, expect, it } from 'vitest';
import { boundariesOf, lineParses, trimPart } from '../../src/ingest/records/line-parses.js';

const plain = (text: string) => [{ text, strong: false, emphasis: false, code: false, href: null, start: 0 }];
const cuts = (text: string) =>
  lineParses(text, plain(text) as never).map((p) => [
    text.slice(p.title.from, p.title.to),
    p.people ? text.slice(p.people.from, p.people.to) : null,
  ]);

describe('cutting a line into a title and its people', () => {
  it('a bracket that opens inside a word is part of the word, not a separator', () => {
    const text = 'Nix(OS) und f(x) by Ana Lima';
    expect(boundariesOf(text, plain(text) as never).map((b) => b.kind)).toEqual(['by']);
    expect(cuts(text)).toContainEqual(['Nix(OS) und f(x)', 'Ana Lima']);
  });

  it('no cut splits a pair of brackets: "Title (talk by Name)" gives the title and the name, never "Title (talk"', () => {
    const read = cuts('Small Tools (and Why We Keep Them) (talk by Ines Moreau)');
    expect(read).toContainEqual(['Small Tools (and Why We Keep Them)', 'Ines Moreau']);
    const opens = (part: string | null | undefined) => (part ?? '').split('(').length;
    const closes = (part: string | null | undefined) => (part ?? '').split(')').length;
    for (const [title, people] of read) {
      expect(opens(title)).toBe(closes(title));
      expect(opens(people)).toBe(closes(people));
    }
  });

  it('a part loses a bracket the cut left without its pair, and keeps pairs whole', () => {
    const part = (text: string) => {
      const found = trimPart(text, 0, text.length);
      return found ? text.slice(found.from, found.to) : null;
    };
    expect(part('O que é a Python Software Foundation (')).toBe('O que é a Python Software Foundation');
    expect(part('Débora Azevedo)')).toBe('Débora Azevedo');
    expect(part('(Ana Lima)')).toBe('Ana Lima');
    expect(part('Small Tools (and Why We Keep Them)')).toBe('Small Tools (and Why We Keep Them)');
  });
});
