import ICAL from 'ical.js';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type RunningServer, startServer } from '../../src/server/main.js';
import type { Database } from '../../src/store/database.js';
import { mergeNodes } from '../../src/store/merge.js';
import { entityIri } from '../../src/store/rdf.js';
import type { Store } from '../../src/store/store.js';
import { backends, createTestStore } from '../support/databases.js';
import {
  consensusTalk,
  consensusTitle,
  harbor,
  harborFacts,
  quarry,
  quarryFacts,
  writeSchedule,
} from '../support/schedule.js';

const iriBase = 'https://talks.example.org/id/';
const allowedOrigin = 'https://app.example.org';

describe.each(backends)('the export endpoints on %s', (backend) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(backend));
    await writeSchedule(store, 'harbor.md', harborFacts());
    server = await startServer({
      store: { ...store, close: async () => {} }, // the test disposes of the store itself
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
      corsOrigins: [allowedOrigin],
      iriBase,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  const get = (path: string, init?: RequestInit) => fetch(new URL(path, server.url), init);

  it('serves an event as schema.org JSON-LD', async () => {
    const response = await get(`/export/${harbor.slug}.jsonld`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/ld+json');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="${harbor.slug}.jsonld"`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    // Streamed as it is read, not measured first.
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const document = await response.json();
    expect(document['@context'][0]).toBe('https://schema.org');
    const [event] = document['@graph'];
    expect(event['@id']).toBe(entityIri(iriBase, 'event', harbor.slug));
    expect(event.subEvent.map((talk: { name: string }) => talk.name)).toContain(consensusTitle);
  });

  it('serves an event as an iCalendar calendar', async () => {
    const response = await get(`/export/${harbor.slug}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="${harbor.slug}.ics"`);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    expect(calendar.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('summary'))).toContain(
      consensusTitle,
    );
  });

  it('serves an event as N-Quads', async () => {
    const response = await get(`/export/${harbor.slug}.nq`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/n-quads');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="${harbor.slug}.nq"`);
    const quads = new Parser({ format: 'N-Quads' }).parse(await response.text());
    expect(quads.length).toBeGreaterThan(0);
    const subjects = new Set(quads.map((quad) => quad.subject.value));
    expect(subjects).toContain(entityIri(iriBase, 'talk', consensusTalk.slug));
  });

  it('answers 304 to a client holding the current ETag, and the same ETag while nothing changes', async () => {
    const first = await get(`/export/${harbor.slug}.ics`);
    const etag = first.headers.get('etag') as string;
    await first.text();
    expect((await get(`/export/${harbor.slug}.ics`, { method: 'HEAD' })).headers.get('etag')).toBe(etag);
    const revalidated = await get(`/export/${harbor.slug}.ics`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(await revalidated.text()).toBe('');
    const listed = await get(`/export/${harbor.slug}.ics`, {
      headers: { 'if-none-match': `"other", W/${etag}` },
    });
    expect(listed.status).toBe(304);
    // Each format is its own representation.
    const jsonld = await get(`/export/${harbor.slug}.jsonld`, { headers: { 'if-none-match': etag } });
    expect(jsonld.status).toBe(200);
    await jsonld.text();
  });

  it('changes the ETag once a document is ingested', async () => {
    const before = await get(`/export/${harbor.slug}.jsonld`);
    const etag = before.headers.get('etag') as string;
    await before.text();
    await writeSchedule(store, 'quarry.md', quarryFacts());
    const after = await get(`/export/${harbor.slug}.jsonld`, { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    await after.text();
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await get(`/export/${harbor.slug}.jsonld`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/ld+json');
    expect(response.headers.get('etag')).toBeTruthy();
    expect(await response.text()).toBe('');
    expect((await get('/export/no-such-event.ics', { method: 'HEAD' })).status).toBe(404);
  });

  it('answers 404 with a JSON error naming an unknown event', async () => {
    for (const suffix of ['jsonld', 'ics', 'nq']) {
      const response = await get(`/export/no-such-event.${suffix}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
      expect(body.errors[0].message).toContain('"no-such-event"');
    }
  });

  it('answers 404 to an unknown format or a path that is not an export', async () => {
    for (const path of [
      `/export/${harbor.slug}.pdf`,
      `/export/${harbor.slug}`,
      `/export/${harbor.slug}.ics/more`,
      '/export/.ics',
      '/export/Not A Slug.ics',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect((await response.json()).errors[0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('refuses other methods with 405', async () => {
    const response = await get(`/export/${harbor.slug}.ics`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('lets the configured origins read exports from a browser, and no other', async () => {
    const allowed = await get(`/export/${harbor.slug}.ics`, { headers: { origin: allowedOrigin } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(allowedOrigin);
    expect(allowed.headers.get('vary')).toMatch(/origin/i);
    await allowed.text();
    const other = await get(`/export/${harbor.slug}.ics`, {
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await other.text();
  });

  it('serves a merged event under its old slug, as event(slug:) resolves it', async () => {
    const [into, from] = await Promise.all(
      [harbor.slug, quarry.slug].map(
        async (slug) =>
          (
            await store.db.query<{ id: number }>(`select id from node where kind = 'event' and slug = $1`, [
              slug,
            ])
          )[0]?.id as number,
      ),
    );
    await store.db.transaction(async (tx) => {
      const [change] = await tx.query<{ id: number }>(
        `insert into change (actor, operation) values ('test', 'mergeEntities') returning id`,
      );
      await mergeNodes(tx, store.predicates, change?.id as number, into as number, [from as number]);
    });
    const response = await get(`/export/${quarry.slug}.ics`);
    expect(response.status).toBe(200);
    const summaries = new ICAL.Component(ICAL.parse(await response.text()))
      .getAllSubcomponents('vevent')
      .map((e) => e.getFirstPropertyValue('summary'));
    expect(summaries).toContain(consensusTitle);
  });
});

describe('exports with many, departing and failing clients (PGlite)', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  // The database as the server sees it: statement number `stallAt` of a request waits until the
  // test lets it go on or fail, which holds an export in the middle of its stream.
  let counted = 0;
  let stallAt = 0;
  let stalled: { go: () => void; fail: (error: Error) => void } | null = null;
  const stalling = (db: Database): Database => ({
    backend: db.backend,
    description: db.description,
    query: async (text, params, options) => {
      counted += 1;
      if (counted === stallAt)
        await new Promise<void>((go, fail) => {
          stalled = { go, fail };
        });
      return db.query(text, params, options);
    },
    transaction: (work) => db.transaction(work),
    onStatement: (listener) => db.onStatement(listener),
    close: async () => {},
  });

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore('pglite'));
    await writeSchedule(store, 'harbor.md', harborFacts());
    server = await startServer({
      store: { ...store, db: stalling(store.db), close: async () => {} },
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      production: true,
      exportsAtOnce: 1,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await dispose?.();
  });

  const exportUrl = () => new URL(`/export/${harbor.slug}.nq`, server.url);

  /** An export whose last statement waits: it has answered 200 and is in the middle of its body. */
  async function heldExport(signal?: AbortSignal) {
    counted = 0;
    stallAt = Number.POSITIVE_INFINITY;
    await (await fetch(exportUrl())).text();
    const statements = counted; // what one whole export takes
    counted = 0;
    stalled = null;
    stallAt = statements;
    const response = await fetch(exportUrl(), { signal });
    expect(response.status).toBe(200);
    while (!stalled) await new Promise((resolve) => setTimeout(resolve, 10));
    return { response, stalled: stalled as { go: () => void; fail: (error: Error) => void } };
  }

  /** Polls with HEAD until an export starts again (its place was given back). */
  async function placeFreed() {
    for (;;) {
      const response = await fetch(exportUrl(), { method: 'HEAD' });
      if (response.status === 200) return;
      expect(response.status).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('streams its limit of exports at once, answers 429 beyond it, and a client that leaves frees its place', async () => {
    const aborter = new AbortController();
    const held = await heldExport(aborter.signal);
    const refused = await fetch(exportUrl());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await refused.json()).errors[0].extensions.code).toBe('RATE_LIMITED');

    aborter.abort();
    await placeFreed();
    held.stalled.go(); // the page it was reading arrives after its client left: nothing breaks
    const whole = await fetch(exportUrl());
    expect(whole.status).toBe(200);
    expect(await whole.text()).toContain(consensusTitle);
  });

  it('cuts the connection of an export that fails after its status was sent, and serves the next', async () => {
    const held = await heldExport();
    held.stalled.fail(new Error('the connection to the database was lost'));
    // The body ends short with an error, instead of the client waiting for more.
    await expect(held.response.text()).rejects.toThrow();
    await placeFreed();
  });
});
