// The transport floor the ceiling is compared with: Talkgraph's own schema executed by graphql-js
// behind a bare node:http handler, with a parsed-document cache and nothing else (no limits, no
// masking, no GraphiQL). Started by bench/run.ts as its own process; prints the URL it serves.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DocumentNode, execute, parse, validate } from 'graphql';
import { schema } from '../src/api/schema.js';

const documents = new Map<string, DocumentNode>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    let document = documents.get(query);
    if (!document) {
      document = parse(query);
      const errors = validate(schema, document);
      if (errors.length > 0) {
        res.writeHead(400).end(JSON.stringify({ errors }));
        return;
      }
      documents.set(query, document);
    }
    const json = JSON.stringify(await execute({ schema, document, variableValues: variables }));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`serving http://127.0.0.1:${port}/graphql\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
