/**
 * A JSON WebSocket session for live/pub-sub gateway tests (the `ws` package): commands with ids,
 * pushes kept in arrival order, and the raw TCP socket to pause reading (a slow reader).
 */
import type net from 'node:net';
import WebSocket from 'ws';
import { Inbox } from './inbox.ts';

export class WsJson {
  private readonly msgs = new Inbox<any>();
  private nextId = 1;
  closed = false;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => this.msgs.push(JSON.parse(d.toString())));
    ws.on('close', () => {
      this.closed = true;
      this.msgs.close('connection closed');
    });
    ws.on('error', () => {});
  }

  static open(port: number): Promise<WsJson> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`);
      ws.once('open', () => resolve(new WsJson(ws)));
      ws.once('error', reject);
    });
  }

  /** The TCP socket under the WebSocket: pause() stops reading from the kernel. */
  get socket(): net.Socket {
    return (this.ws as unknown as { _socket: net.Socket })._socket;
  }

  get pending(): number {
    return this.msgs.length;
  }

  next(timeoutMs = 5000): Promise<any> {
    return this.msgs.next(timeoutMs, 'a frame');
  }

  /** Sends a command without waiting; returns its id. */
  send(...cmd: unknown[]): number {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ id, cmd }));
    return id;
  }

  /** Sends a command; returns its answer frame, keeping pushes that came first for next(). */
  async call(...cmd: unknown[]): Promise<any> {
    const id = this.send(...cmd);
    const held: any[] = [];
    for (;;) {
      const m = await this.next();
      if (m.id === id) {
        this.msgs.unshift(...held);
        return m;
      }
      held.push(m);
    }
  }

  /** Kills the TCP connection without a close frame. */
  kill(): void {
    this.ws.terminate();
  }

  /** Test cleanup (serverSuite): kills the connection. */
  close(): void {
    this.kill();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One sample value from Prometheus text (`name{labels}` exactly as printed, or a bare name). */
export function metric(text: string, series: string): number {
  for (const line of text.split('\n')) {
    if (line.startsWith(series + ' ')) return Number(line.slice(series.length + 1));
  }
  throw new Error(`no sample ${series} in /metrics`);
}
