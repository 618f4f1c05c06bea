/**
 * A raw WebSocket session for gateway tests (the `ws` package): send JSON, read frames in order,
 * observe the close code and reason.
 */
import WebSocket from 'ws';
import { Inbox } from './inbox.ts';

export interface Closed {
  code: number;
  reason: string;
}

export class WsProbe {
  private readonly frames = new Inbox<unknown>();
  private nextId = 1;
  closed: Closed | null = null;
  private closeWaiters: ((c: Closed) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      this.frames.push(JSON.parse(isBinary ? Buffer.from(data as Buffer).toString() : data.toString()));
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.frames.close(`connection closed (${code} ${this.closed.reason})`);
      for (const w of this.closeWaiters.splice(0)) w(this.closed);
    });
    ws.on('error', () => {});
  }

  static connect(port: number, headers: Record<string, string> = {}, path = '/v1/ws'): Promise<WsProbe> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
      const probe = new WsProbe(ws);
      ws.once('open', () => resolve(probe));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Sends a raw frame (a string or an object turned into JSON). */
  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  /** Sends a command with a fresh id; returns the id. */
  cmd(...cmd: unknown[]): number {
    const id = this.nextId++;
    this.send({ id, cmd });
    return id;
  }

  /** The next frame received (in arrival order). */
  next(timeoutMs = 5000): Promise<unknown> {
    return this.frames.next(timeoutMs, 'a frame');
  }

  /** Sends a command and returns the next frame (which must be its answer). */
  async call(...cmd: unknown[]): Promise<unknown> {
    const id = this.cmd(...cmd);
    const f = (await this.next()) as { id?: number };
    if (f.id !== id) throw new Error(`expected the answer to ${id}, got ${JSON.stringify(f)}`);
    return f;
  }

  /** Frames received and not read yet. */
  get pending(): number {
    return this.frames.length;
  }

  waitClose(timeoutMs = 5000): Promise<Closed> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
      this.closeWaiters.push((c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}
