/**
 * Test helpers: a real Podium server on an ephemeral port, with real clients.
 */
import net from 'node:net';
import { Redis } from 'ioredis';
import { startServer, type PodiumServer, type StartOptions } from '../../server/server.ts';

export interface TestServer {
  server: PodiumServer;
  port: number;
  /** The HTTP/WebSocket port (0 when the gateway is off). */
  httpPort: number;
  /** A new ioredis client (closed by close()). */
  client(opts?: Record<string, unknown>): Redis;
  /** A raw socket session speaking bytes. */
  raw(): Promise<RawConn>;
  close(): Promise<void>;
}

export async function startTestServer(opts: StartOptions = {}): Promise<TestServer> {
  // The gateway is off unless a test asks for it ('http-port': '-1' = an ephemeral port).
  const server = await startServer({ ...opts, config: { port: '0', 'http-port': '0', ...(opts.config ?? {}) } });
  const clients: Redis[] = [];
  const raws: RawConn[] = [];
  return {
    server,
    port: server.port,
    httpPort: server.httpPort,
    client(o = {}) {
      const r = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: 0, retryStrategy: () => null, ...o });
      r.on('error', () => {});
      clients.push(r);
      return r;
    },
    async raw() {
      const r = await RawConn.connect(server.port);
      raws.push(r);
      return r;
    },
    async close() {
      for (const c of clients) c.disconnect();
      for (const r of raws) r.close();
      await server.close();
    },
  };
}

/** A raw TCP connection: send bytes, read what comes back. */
export class RawConn {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(new RawConn(s)));
      s.once('error', reject);
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** Waits until at least `n` bytes arrived (or the connection closed), then returns and consumes them. */
  async readBytes(n: number, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length < n && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for ${n} bytes, have ${JSON.stringify(this.buf.toString('latin1'))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    const out = this.buf.subarray(0, Math.min(n, this.buf.length)).toString('latin1');
    this.buf = this.buf.subarray(Math.min(n, this.buf.length));
    return out;
  }

  /** Reads exactly the expected text's length and returns it (compare with toBe for exact replies). */
  async expect(text: string, timeoutMs?: number): Promise<string> {
    return this.readBytes(Buffer.byteLength(text, 'latin1'), timeoutMs);
  }

  /** Waits for the peer to close the connection. */
  async waitClose(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Everything received and not yet consumed. */
  pending(): string {
    return this.buf.toString('latin1');
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Encodes a command as a RESP multibulk request. */
export function resp(...args: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}
