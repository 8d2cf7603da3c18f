// A TCP proxy to a server (Postgres) that a test or the soak run controls: stopped (listener closed,
// every socket destroyed), stalled (sockets open, no bytes forwarded, as a server stopped with
// SIGSTOP would be) and set forwarding again.
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

/** A TCP proxy to the Postgres server that can be stopped, stalled and set forwarding again. */
export class ControlledProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Bytes held back while stalled, flushed in order when forwarding again. */
  private readonly held: { to: Socket; chunk: Buffer }[] = [];
  private stalled = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = tcpConnect(this.targetPort, this.targetHost);
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(from);
        from.on('data', (chunk: Buffer) => {
          if (this.stalled) this.held.push({ to, chunk });
          else to.write(chunk);
        });
        from.on('error', () => to.destroy());
        from.on('close', () => {
          this.sockets.delete(from);
          to.destroy();
        });
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.held.length = 0;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  stall(): void {
    this.stalled = true;
  }

  forward(): void {
    this.stalled = false;
    for (const { to, chunk } of this.held.splice(0)) if (!to.destroyed) to.write(chunk);
  }
}
