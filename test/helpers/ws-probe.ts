/**
 * A raw WebSocket session for gateway tests (the `ws` package): send JSON, read frames in order,
 * observe the close code and reason.
 */
import WebSocket from 'ws';

export interface Closed {
  code: number;
  reason: string;
}

export class WsProbe {
  private frames: unknown[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 1;
  closed: Closed | null = null;
  private closeWaiters: ((c: Closed) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      this.frames.push(JSON.parse(isBinary ? Buffer.from(data as Buffer).toString() : data.toString()));
      for (const w of this.waiters.splice(0)) w();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const w of this.waiters.splice(0)) w();
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
  async next(timeoutMs = 5000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.closed) throw new Error(`connection closed (${this.closed.code} ${this.closed.reason}) while waiting for a frame`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timeout waiting for a frame');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.frames.shift();
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
