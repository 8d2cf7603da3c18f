// A TCP port for a listener of the test's own, or one to point a client at and find nothing.
import { createServer } from 'node:net';

/** A port nothing listens on: taken from the system, then let go. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
