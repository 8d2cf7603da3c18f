import { describe, expect, it } from 'vitest';
import { extractAffiliations } from '../../src/ingest/people/affiliations.js';
import type { ParsedSpeaker } from '../../src/ingest/types.js';

const speaker = (name: string): ParsedSpeaker => ({ name, aliases: [], handle: null, span: null });
const read = (text: string, ...names: string[]) =>
  extractAffiliations([{ text, start: 0 }], names.map(speaker)).map(
    (a) => `${names[a.speaker]} ${a.relation} ${a.organization} (${a.role})`,
  );

describe('affiliations stated in prose', () => {
  it('a role in capitals: "Arjun is an SRE at Cloudflare."', () => {
    expect(read('Arjun is an SRE at Cloudflare. He likes tracing.', 'Arjun Mehta')).toEqual([
      'Arjun Mehta works_at Cloudflare (sre)',
    ]);
  });

  it('a role in an apposition: "Samira, a data engineer for Quillbridge, showed …"', () => {
    expect(read('Samira, a data engineer for Quillbridge, showed her pipeline.', 'Samira Haddad')).toEqual([
      'Samira Haddad works_at Quillbridge (data engineer)',
    ]);
  });

  it('works at, without a role, and a domain name as the organization', () => {
    expect(read('Tomas currently works at Lumenworks.io and talked about caching.', 'Tomas Berg')).toEqual([
      'Tomas Berg works_at Lumenworks.io (null)',
    ]);
  });

  it('an apposition that is not a job is no affiliation', () => {
    expect(read('Greta, the author of a popular library for Rust, spoke about it.', 'Greta Lind')).toEqual(
      [],
    );
  });
});
