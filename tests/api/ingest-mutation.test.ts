// ingestDocument and removeDocument through HTTP, as clients send them: JSON bodies with the text,
// GraphQL multipart requests with the file, tokens of each scope, and every bad input answered with
// a userError and nothing written.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/api/global-id.js';
import { maxDocumentBytes } from '../../src/ingest/document-source.js';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Store } from '../../src/store/store.js';
import { createToken } from '../../src/store/tokens.js';
import { backends, createTestStore, resetGraph } from '../support/databases.js';
import { serve } from '../support/graph.js';

const listing = `Quillfeather Data Days 2024

Counting Rivers with Streams
Speakers: Imogen Falkner and Tobiah Renfrew

Indexes You Did Not Know You Had
Speaker: Marisol Quintana
`;

const recapBytes = new TextEncoder().encode(`Harrowgate Systems Meetup 2023

Queues Without Tears
Speaker: Anouk Verbeek

Tracing the Untraceable
Speakers: Desmond Achterberg & Priya Venkataraman
`);

/** A programme of `talks` talks: long enough that reading it takes seconds. */
function largeListing(talks: number): string {
  const given = ['Imogen', 'Tobiah', 'Marisol', 'Anouk', 'Desmond', 'Priya', 'Oskar', 'Wen'];
  const family = ['Falkner', 'Renfrew', 'Quintana', 'Verbeek', 'Achterberg', 'Lindqvist', 'Okafor', 'Zhao'];
  const entries = Array.from(
    { length: talks },
    (_, i) => `Counting Rivers, Part ${i + 1}\nSpeaker: ${given[i % 8]} ${family[(i * 3) % 8]}\n`,
  );
  return ['Quillfeather Data Days 2024', '', ...entries].join('\n');
}

const ingestMutation = `mutation Ingest($input: IngestDocumentInput!) {
  ingestDocument(input: $input) {
    document { id name format sha256 }
    summary { status format talks speakers topics added removed skipped { title line reason } }
    extracted
    userErrors { field message code }
  }
}`;

const removeMutation = `mutation Remove($input: RemoveDocumentInput!) {
  removeDocument(input: $input) { removedDocumentId factsRemoved userErrors { field message code } }
}`;

interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe.each(backends)('ingesting documents through the API on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let ingestToken: string;
  let curateToken: string;

  const post = async (
    query: string,
    variables: Record<string, unknown>,
    token: string | null = ingestToken,
    url = server.url,
  ) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) } as Answer;
  };

  /** A GraphQL multipart request (the spec's operations, map and file parts), built with FormData. */
  const upload = async (
    input: Record<string, unknown>,
    file: Blob,
    headers: Record<string, string> = { authorization: `Bearer ${ingestToken}` },
  ) => {
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({ query: ingestMutation, variables: { input: { ...input, file: null } } }),
    );
    form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
    form.append('0', file, 'upload.txt');
    const response = await fetch(server.url, { method: 'POST', headers, body: form });
    return { status: response.status, ...((await response.json()) as object) } as Answer;
  };

  const counts = async () => {
    const [row] = await store.db.query<{ documents: number; triples: number; changes: number }>(
      `select (select count(*)::int from document) as documents, (select count(*)::int from triple) as triples,
              (select count(*)::int from change) as changes`,
    );
    return row;
  };

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    server = await serve(store);
  });
  beforeEach(async () => {
    await resetGraph(store.db);
    ingestToken = (await createToken(store.db, 'loader', 'ingest')).secret;
    curateToken = (await createToken(store.db, 'curator', 'curate')).secret;
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  it('ingests a document sent as content, records the change, and its talks answer queries', async () => {
    const { data, errors } = await post(ingestMutation, {
      input: { name: 'quillfeather.txt', content: listing },
    });
    expect(errors).toBeUndefined();
    const result = data.ingestDocument;
    expect(result.userErrors).toEqual([]);
    expect(result.summary).toMatchObject({ status: 'added', talks: 2, speakers: 3 });
    expect(result.summary.added).toBeGreaterThan(0);
    expect(result.document).toMatchObject({ name: 'quillfeather.txt' });
    expect(result.extracted).toBeNull();

    const talks = await post(`{ talks(first: 10) { nodes { title speakers { name } } } }`, {}, null);
    expect(talks.data.talks.nodes.map((t: { title: string }) => t.title).sort()).toEqual([
      'Counting Rivers with Streams',
      'Indexes You Did Not Know You Had',
    ]);

    const admin = (await createToken(store.db, 'admin', 'admin')).secret;
    const changes = await post(
      `{ changes(first: 5) { nodes { actor operation entityIds before after } } }`,
      {},
      admin,
    );
    expect(changes.errors).toBeUndefined();
    const [change] = changes.data.changes.nodes;
    expect(change).toMatchObject({ actor: 'loader', operation: 'ingestDocument', before: null });
    expect(change.after).toMatchObject({ status: 'added', talks: 2, name: 'quillfeather.txt' });
    expect(change.entityIds).toContain(result.document.id);
    expect(change.entityIds).toHaveLength(3); // the document and its two talks

    // The same bytes again: unchanged, nothing written; new bytes under the same name replace.
    const again = await post(ingestMutation, { input: { name: 'quillfeather.txt', content: listing } });
    expect(again.data.ingestDocument.summary.status).toBe('unchanged');
    const replaced = await post(ingestMutation, {
      input: { name: 'quillfeather.txt', content: listing.slice(0, listing.indexOf('\nIndexes') + 1) },
    });
    expect(replaced.data.ingestDocument.summary).toMatchObject({ status: 'replaced', talks: 1 });
    expect(replaced.data.ingestDocument.summary.removed).toBeGreaterThan(0);
  });

  it('takes a file in a GraphQL multipart request', async () => {
    const { status, data, errors } = await upload(
      { name: 'recaps/harrowgate.txt', format: 'listing', event: 'Harrowgate Systems Meetup 2023' },
      new Blob([recapBytes]),
    );
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data.ingestDocument.userErrors).toEqual([]);
    expect(data.ingestDocument.summary).toMatchObject({
      status: 'added',
      // "listing" is an older name for plain text: the document is read, and recorded, as text.
      format: 'text',
      talks: 2,
      speakers: 3,
    });
    expect(data.ingestDocument.document.name).toBe('recaps/harrowgate.txt');
    expect((await counts())?.documents).toBe(1);
  });

  it('refuses a multipart request without a token, and an upload far over the limit before reading it', async () => {
    const anonymous = await upload({ name: 'a.txt' }, new Blob([recapBytes]), {});
    expect(anonymous.status).toBe(415);
    const huge = await upload(
      { name: 'huge.txt' },
      new Blob([new Uint8Array(3 * maxDocumentBytes).fill(97)]),
    );
    expect(huge.status).toBe(413);
    expect(huge.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(await counts()).toMatchObject({ documents: 0, triples: 0, changes: 0 });
  });

  it('takes a large body only from a token that may ingest, verified before the body is read', async () => {
    // A document of 200 KB: over the 64 KiB of other requests, well within an ingest token's limit.
    const content = `${listing}\n${'Notes on the evening. '.repeat(10_000)}`;
    const variables = { input: { name: 'large.txt', content, dryRun: true } };
    for (const token of ['tg_madeUpTokenThatWasNeverCreated000000', curateToken]) {
      const refused = await post(ingestMutation, variables, token);
      expect(refused.status).toBe(413);
      expect(refused.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    }
    const taken = await post(ingestMutation, variables);
    expect(taken.status).toBe(200);
    expect(taken.data?.ingestDocument.userErrors).toEqual([]);
  });

  it('dryRun extracts and reports, and writes nothing, not even a change record', async () => {
    const { data } = await post(ingestMutation, {
      input: { name: 'dry.txt', content: listing, dryRun: true },
    });
    const result = data.ingestDocument;
    expect(result.userErrors).toEqual([]);
    expect(result.document).toBeNull();
    expect(result.summary).toMatchObject({ status: 'dry-run', talks: 2, speakers: 3, added: 0, removed: 0 });
    expect(result.extracted.talks.map((t: { title: string }) => t.title)).toContain(
      'Counting Rivers with Streams',
    );
    expect(await counts()).toMatchObject({ documents: 0, triples: 0, changes: 0 });
  });

  it('answers bad documents with the CLI’s INGEST_REJECTED reasons as userErrors, writing nothing', async () => {
    const rejected = async (input: Record<string, unknown>, file?: Uint8Array) => {
      const answer = file
        ? await upload(input, new Blob([file as Uint8Array<ArrayBuffer>]))
        : await post(ingestMutation, { input });
      expect(answer.errors).toBeUndefined();
      const result = answer.data.ingestDocument;
      expect(result.document).toBeNull();
      expect(result.summary).toBeNull();
      expect(result.userErrors).toHaveLength(1);
      return result.userErrors[0];
    };
    const over = new Uint8Array(maxDocumentBytes + 10).fill(97);
    expect(await rejected({ name: 'big.txt' }, over)).toMatchObject({
      field: ['input', 'file'],
      code: 'INGEST_REJECTED',
      message: expect.stringMatching(/^big\.txt: is 5\.0 MiB, over the 5 MiB limit/),
    });
    // The JSON body obeys the same limit: a token's body may carry the largest document, not more.
    expect(await rejected({ name: 'big.txt', content: 'a'.repeat(maxDocumentBytes + 10) })).toMatchObject({
      field: ['input', 'content'],
      code: 'INGEST_REJECTED',
      message: expect.stringContaining('over the 5 MiB limit'),
    });
    expect(await rejected({ name: 'empty.txt', content: '  \n' })).toMatchObject({
      code: 'INGEST_REJECTED',
      message: 'empty.txt: is empty (only whitespace)',
    });
    expect(await rejected({ name: 'empty.txt' }, new Uint8Array())).toMatchObject({
      field: ['input', 'file'],
      message: 'empty.txt: is empty',
    });
    expect(
      await rejected({ name: 'image.txt' }, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1])),
    ).toMatchObject({
      code: 'INGEST_REJECTED',
      message: expect.stringContaining('looks binary'),
    });
    expect(
      await rejected({ name: 'latin1.txt' }, new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a])),
    ).toMatchObject({
      code: 'INGEST_REJECTED',
      message: expect.stringContaining('not valid UTF-8'),
    });
    expect(
      await rejected({ name: 'prose.txt', content: 'Nothing here names a talk at all.\n' }),
    ).toMatchObject({
      code: 'INGEST_REJECTED',
      message: expect.stringMatching(/^prose\.txt: /),
    });
    expect(await rejected({ name: 'both.txt', content: listing }, recapBytes)).toMatchObject({
      field: ['input', 'file'],
      code: 'BAD_USER_INPUT',
      message: 'give the document as content or as file, not both',
    });
    expect(await rejected({ name: 'neither.txt' })).toMatchObject({
      field: ['input', 'content'],
      code: 'BAD_USER_INPUT',
      message: 'give the document as content or as file',
    });
    expect(await rejected({ name: 'x.txt', content: listing, format: 'nquads' })).toMatchObject({
      field: ['input', 'format'],
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('unknown format "nquads"'),
    });
    expect(await rejected({ name: '  ', content: listing })).toMatchObject({ field: ['input', 'name'] });
    expect(await counts()).toMatchObject({ documents: 0, triples: 0, changes: 0 });
  });

  it('answers queries while a large document is being read', async () => {
    const finished: string[] = [];
    const ingesting = post(
      `mutation Ingest($input: IngestDocumentInput!) {
      ingestDocument(input: $input) { summary { status talks } userErrors { message } }
    }`,
      { input: { name: 'large.txt', content: largeListing(3_000), dryRun: true } },
    ).then((answer) => {
      finished.push('ingest');
      return answer;
    });
    // Only gives the ingest's request time to reach the reader; what is asserted is the order.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const query = await post('{ __typename }', {}, null);
    finished.push('query');
    expect(query.data).toEqual({ __typename: 'Query' });
    const ingest = await ingesting;
    expect(ingest.data.ingestDocument.userErrors).toEqual([]);
    expect(ingest.data.ingestDocument.summary.talks).toBeGreaterThan(1000);
    expect(finished).toEqual(['query', 'ingest']);
    // Reading 3,000 talks takes seconds alone and several times that on a busy machine: what is
    // asserted is the order, not the time.
  }, 180_000);

  it('refuses a document that takes longer than the cap to read, naming it, and reads the next', async () => {
    const capped = await startServer({
      store: { ...store, close: async () => {} },
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
      ingestTimeoutMs: 1000,
    });
    try {
      const slow = await post(
        ingestMutation,
        { input: { name: 'large.txt', content: largeListing(40_000) } },
        ingestToken,
        capped.url,
      );
      expect(slow.errors).toBeUndefined();
      expect(slow.data.ingestDocument).toMatchObject({ document: null, summary: null });
      expect(slow.data.ingestDocument.userErrors).toEqual([
        {
          field: [],
          code: 'INGEST_REJECTED',
          message: 'large.txt: took longer than 1 s to read (INGEST_TIMEOUT_MS); nothing was written',
        },
      ]);
      expect(await counts()).toMatchObject({ documents: 0, triples: 0, changes: 0 });
      // The worker that was stopped mid-document is replaced: the next document is read.
      const next = await post(
        ingestMutation,
        { input: { name: 'quillfeather.txt', content: listing } },
        ingestToken,
        capped.url,
      );
      expect(next.data.ingestDocument.userErrors).toEqual([]);
      expect(next.data.ingestDocument.summary.status).toBe('added');
      expect(next.data.ingestDocument.summary.talks).toBeGreaterThan(0);
    } finally {
      await capped.stop();
    }
  });

  it('needs a token with the ingest scope', async () => {
    const none = await post(ingestMutation, { input: { name: 'a.txt', content: listing } }, null);
    expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const curate = await post(ingestMutation, { input: { name: 'a.txt', content: listing } }, curateToken);
    expect(curate.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await post(
      ingestMutation,
      { input: { name: 'a.txt', content: listing } },
      'tg_not-a-token',
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const removal = await post(removeMutation, { input: { id: encodeGlobalId('Document', 1) } }, curateToken);
    expect(removal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toMatchObject({ documents: 0, triples: 0, changes: 0 });
  });

  it('removeDocument takes the document and the facts only it supported, and records why', async () => {
    const first = await post(ingestMutation, { input: { name: 'quillfeather.txt', content: listing } });
    // A second document that also names one of the talks keeps it.
    await post(ingestMutation, {
      input: {
        name: 'second.txt',
        content: 'Quillfeather Data Days 2024\n\nCounting Rivers with Streams\nSpeaker: Imogen Falkner\n',
      },
    });
    const id = first.data.ingestDocument.document.id;
    const { data, errors } = await post(removeMutation, { input: { id, note: 'wrong file' } });
    expect(errors).toBeUndefined();
    expect(data.removeDocument.userErrors).toEqual([]);
    expect(data.removeDocument.removedDocumentId).toBe(id);
    expect(data.removeDocument.factsRemoved).toBeGreaterThan(0);
    const talks = await post(
      `{ talks(first: 10) { nodes { title } } documents: stats { documents } }`,
      {},
      null,
    );
    expect(talks.data.talks.nodes).toEqual([{ title: 'Counting Rivers with Streams' }]);
    expect(talks.data.documents.documents).toBe(1);
    const [change] = await store.db.query<{ operation: string; note: string; before: { name: string } }>(
      `select operation, note, before from change order by id desc limit 1`,
    );
    expect(change).toMatchObject({
      operation: 'removeDocument',
      note: 'wrong file',
      before: { name: 'quillfeather.txt' },
    });

    const again = await post(removeMutation, { input: { id } });
    expect(again.data.removeDocument).toMatchObject({
      removedDocumentId: null,
      userErrors: [{ field: ['input', 'id'], code: 'NOT_FOUND' }],
    });
    const malformed = await post(removeMutation, { input: { id: 'not an id' } });
    expect(malformed.data.removeDocument.userErrors).toEqual([
      { field: ['input', 'id'], code: 'BAD_USER_INPUT', message: '"not an id" is not a Talkgraph id' },
    ]);
    const talk = await post(removeMutation, { input: { id: encodeGlobalId('Talk', 1) } });
    expect(talk.data.removeDocument.userErrors[0]).toMatchObject({
      field: ['input', 'id'],
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining('not a Document'),
    });
  });
});
