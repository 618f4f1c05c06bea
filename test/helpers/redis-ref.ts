/**
 * The reference side of the differential tests: a real redis-server 7.0 child process, and a raw RESP
 * connection that frames whole replies (RESP2 and RESP3) so two servers' bytes can be compared.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';

/** Path of redis-server (REDIS_SERVER overrides), or null when it is not installed. */
function findRedis(): { path: string; version: string } | null {
  const path = process.env.REDIS_SERVER || 'redis-server';
  try {
    const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 5000 });
    if (r.status !== 0) return null;
    const m = /v=(\d+\.\d+\.\d+)/.exec(r.stdout);
    return m ? { path, version: m[1] } : null;
  } catch {
    return null;
  }
}

const found = findRedis();

/** Why the differential tests cannot run here, or null when they can. */
export const redisUnavailable: string | null =
  found === null
    ? 'redis-server is not installed'
    : !found.version.startsWith('7.0.')
      ? `redis-server ${found.version} is not 7.0 (the reference Podium follows)`
      : null;

if (redisUnavailable !== null) {
  console.warn(`[differential] skipped: ${redisUnavailable}`);
}

export const redisVersion = found?.version ?? null;

/** A port nobody listens on right now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RedisRef {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

/** Starts `redis-server --port P --save '' --appendonly no` (plus extra args) and waits for PING. */
export async function startRedis(extraArgs: string[] = []): Promise<RedisRef> {
  if (found === null) throw new Error('redis-server is not installed');
  let lastErr = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', os.tmpdir(), ...extraArgs];
    const child = spawn(found.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    let exited = false;
    child.on('exit', () => {
      exited = true;
      running.delete(child);
    });
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline) {
      try {
        const c = await RespConn.connect(port);
        const pong = await c.send(['PING']);
        c.close();
        if (pong.raw === '+PONG\r\n') {
          return {
            port,
            process: child,
            stop: () =>
              new Promise<void>((resolve) => {
                if (exited) return resolve();
                child.once('exit', () => resolve());
                child.kill('SIGKILL');
              }),
          };
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    lastErr = output;
  }
  throw new Error(`redis-server did not start: ${lastErr}`);
}

/** One parsed reply: its RESP type byte, scalar text or children, and the exact bytes it came in. */
export interface RNode {
  /** '+', '-', ':', '$', '*', '_', ',', '#', '!', '=', '(', '%', '~', '>', or 'closed' / 'timeout'. */
  t: string;
  /** Scalar payload (null for a RESP2 null bulk/array). */
  v: string | null;
  items: RNode[] | null;
  raw: string;
}

const AGGREGATE = new Set(['*', '%', '~', '>']);

/** Parses one reply starting at `pos`; null when the buffer does not yet hold all of it. */
export function parseReply(buf: string, pos: number): { node: RNode; end: number } | null {
  if (pos >= buf.length) return null;
  const eol = buf.indexOf('\r\n', pos);
  if (eol < 0) return null;
  const t = buf[pos];
  const line = buf.slice(pos + 1, eol);
  let end = eol + 2;
  if (t === '$' || t === '!' || t === '=') {
    const n = Number(line);
    if (n < 0) return { node: { t, v: null, items: null, raw: buf.slice(pos, end) }, end };
    if (buf.length < end + n + 2) return null;
    const v = buf.slice(end, end + n);
    end += n + 2;
    return { node: { t, v, items: null, raw: buf.slice(pos, end) }, end };
  }
  if (AGGREGATE.has(t)) {
    const n = Number(line);
    if (n < 0) return { node: { t, v: null, items: null, raw: buf.slice(pos, end) }, end };
    const count = t === '%' ? n * 2 : n;
    const items: RNode[] = [];
    for (let i = 0; i < count; i++) {
      const r = parseReply(buf, end);
      if (r === null) return null;
      items.push(r.node);
      end = r.end;
    }
    return { node: { t, v: line, items, raw: buf.slice(pos, end) }, end };
  }
  if (t === '|') {
    // An attribute precedes the real reply; keep both in raw, expose the reply.
    const n = Number(line) * 2;
    for (let i = 0; i < n; i++) {
      const r = parseReply(buf, end);
      if (r === null) return null;
      end = r.end;
    }
    const r = parseReply(buf, end);
    if (r === null) return null;
    return { node: { ...r.node, raw: buf.slice(pos, r.end) }, end: r.end };
  }
  return { node: { t, v: line, items: null, raw: buf.slice(pos, end) }, end };
}

/** Encodes a request as a RESP multibulk (args are byte strings). */
export function encodeRequest(args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** A raw RESP connection that returns one framed reply per request, in order. */
export class RespConn {
  private buf = '';
  private waiting: { resolve: (n: RNode) => void; timer: NodeJS.Timeout }[] = [];
  /** Replies that arrived with nobody waiting (pushes, or after a timeout). */
  unsolicited: RNode[] = [];
  closed = false;
  /** A reply timed out: what follows is out of step, so every later send fails fast. */
  broken = false;

  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      this.buf += d.toString('latin1');
      this.drain();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) {
        clearTimeout(w.timer);
        w.resolve({ t: 'closed', v: null, items: null, raw: '<connection closed>' });
      }
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RespConn> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host: '127.0.0.1' }, () => {
        s.off('error', reject);
        resolve(new RespConn(s));
      });
      s.once('error', reject);
    });
  }

  private drain(): void {
    let pos = 0;
    for (;;) {
      const r = parseReply(this.buf, pos);
      if (r === null) break;
      pos = r.end;
      const w = this.waiting.shift();
      if (w === undefined) this.unsolicited.push(r.node);
      else {
        clearTimeout(w.timer);
        w.resolve(r.node);
      }
    }
    if (pos > 0) this.buf = this.buf.slice(pos);
  }

  /** Sends raw bytes and waits for `replies` framed replies. */
  sendRaw(bytes: string, replies = 1, timeoutMs = 3000): Promise<RNode[]> {
    if (this.broken || this.closed) {
      const why = this.closed ? '<connection closed>' : '<connection out of step after a timeout>';
      return Promise.resolve(Array.from({ length: replies }, () => ({ t: this.closed ? 'closed' : 'timeout', v: null, items: null, raw: why })));
    }
    const ps: Promise<RNode>[] = [];
    for (let i = 0; i < replies; i++) {
      ps.push(
        new Promise<RNode>((resolve) => {
          const timer = setTimeout(() => {
            this.broken = true;
            const idx = this.waiting.findIndex((w) => w.timer === timer);
            if (idx >= 0) this.waiting.splice(idx, 1);
            resolve({ t: 'timeout', v: null, items: null, raw: `<no reply within ${timeoutMs} ms>` });
          }, timeoutMs);
          this.waiting.push({ resolve, timer });
        }),
      );
    }
    this.socket.write(Buffer.from(bytes, 'latin1'));
    return Promise.all(ps);
  }

  async send(args: string[], timeoutMs = 3000): Promise<RNode> {
    return (await this.sendRaw(encodeRequest(args), 1, timeoutMs))[0];
  }

  /** Waits until the peer closes (QUIT) or the timeout passes; true when closed. */
  async waitClosed(timeoutMs = 1000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Printable form of bytes for failure messages. */
export function show(raw: string): string {
  return JSON.stringify(raw);
}
