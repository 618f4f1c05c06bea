/**
 * One HTTP request as a client of the engine: commands go through the same dispatch as RESP and
 * WebSocket, and their replies are captured as JSON. Also the small uWS response helper (aborts,
 * corked writes, bodies copied out of uWS's neutered buffers).
 */
import type { HttpResponse } from 'uWebSockets.js';
import { Client, type ClientLink } from '../engine/client.ts';
import { processCommand } from '../engine/dispatch.ts';
import type { Engine } from '../engine/engine.ts';
import { JsonReply, isConfirmation, type Json, type JsonSink } from '../protocol/json-reply.ts';
import type { GatewayStats } from './gateway-stats.ts';

/**
 * A blocking command over HTTP waits at most this long, then answers as its timeout would (null);
 * its own shorter timeout applies first. A request has no push channel to wait on forever.
 */
export const HTTP_MAX_BLOCK_MS = 30_000;

export interface CommandResult {
  value: Json;
  error: boolean;
}

export class HttpClient implements ClientLink, JsonSink {
  readonly kind = 'http';
  readonly laddr = '';
  readonly fd = -1;
  readonly client: Client;
  private result: CommandResult | null = null;
  private confirms: Json[] | null = null;
  private waiter: (() => void) | null = null;
  private ended = false;

  constructor(
    private engine: Engine,
    readonly addr: string,
    authenticated: boolean,
  ) {
    this.client = new Client(engine, new JsonReply(this), this);
    this.client.setResp(3);
    if (authenticated) this.client.authenticated = true;
    engine.clients.set(this.client.id, this.client);
  }

  reply(value: Json, error: boolean): void {
    if (this.result === null) this.result = { value, error };
  }

  push(items: Json[]): void {
    // HTTP has no push channel: only the confirmations that answer (P|S)SUBSCRIBE are kept.
    if (isConfirmation(items)) (this.confirms ??= []).push(items);
  }

  /** Runs one command; resolves with its reply (a blocked command waits, see HTTP_MAX_BLOCK_MS). */
  async run(argv: string[]): Promise<CommandResult> {
    const c = this.client;
    this.result = null;
    this.confirms = null;
    processCommand(this.engine, c, argv);
    if (this.result === null && (c.blocked !== null || c.queued.length > 0) && !this.ended) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          if (c.blocked !== null) this.engine.blocking.cancel(c, false);
          resolve();
        }, HTTP_MAX_BLOCK_MS);
        this.waiter = () => {
          if (this.result === null && !this.ended) return;
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
    return this.result ?? { value: this.confirms, error: false };
  }

  /** Runs a command that cannot block (internal reads of the HTTP API). */
  runNow(argv: string[]): CommandResult {
    this.result = null;
    this.confirms = null;
    processCommand(this.engine, this.client, argv);
    return this.result ?? { value: this.confirms, error: false };
  }

  /** The request is over (answered or aborted): the client leaves the engine. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.engine.removeClient(this.client);
    this.waiter?.();
  }

  wake(): void {
    this.waiter?.();
  }

  close(): void {
    this.client.closing = true;
  }

  outputBytes(): number {
    return 0;
  }

  inputBytes(): number {
    return 0;
  }
}

const STATUS: Record<number, string> = {
  200: '200 OK',
  400: '400 Bad Request',
  401: '401 Unauthorized',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  413: '413 Payload Too Large',
  415: '415 Unsupported Media Type',
  500: '500 Internal Server Error',
  503: '503 Service Unavailable',
};

/** A uWS response that knows whether it was aborted, answers once, and corks its writes. */
export class Responder {
  aborted = false;
  private done = false;
  onAbort: (() => void) | null = null;

  constructor(
    private res: HttpResponse,
    private route: string,
    private stats: GatewayStats,
  ) {
    res.onAborted(() => {
      this.aborted = true;
      this.onAbort?.();
    });
  }

  get finished(): boolean {
    return this.done || this.aborted;
  }

  send(status: number, body: string, contentType = 'application/json', headers: [string, string][] = []): void {
    if (this.done || this.aborted) return;
    this.done = true;
    this.stats.request(this.route, status);
    this.res.cork(() => {
      this.res.writeStatus(STATUS[status] ?? String(status)).writeHeader('content-type', contentType);
      for (const [k, v] of headers) this.res.writeHeader(k, v);
      this.res.end(body);
    });
  }

  json(status: number, value: unknown, headers?: [string, string][]): void {
    this.send(status, JSON.stringify(value), 'application/json', headers);
  }

  error(status: number, text: string, extra: Record<string, unknown> = {}): void {
    this.json(status, { err: text, ...extra });
  }

  /**
   * Reads the whole body (copied: uWS reuses the chunk's memory after the callback). Over `max`
   * bytes answers 413 and never calls back. Must be called in the request handler, before any await.
   */
  readBody(max: number, declaredLength: string, cb: (body: Buffer) => void): void {
    const declared = declaredLength === '' ? -1 : Number(declaredLength);
    if (declared > max) {
      this.error(413, `ERR request body too large (max ${max} bytes)`);
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    this.res.onData((chunk, isLast) => {
      if (this.done || this.aborted) return;
      size += chunk.byteLength;
      if (size > max) {
        this.error(413, `ERR request body too large (max ${max} bytes)`);
        return;
      }
      const copy = Buffer.allocUnsafe(chunk.byteLength);
      copy.set(new Uint8Array(chunk));
      parts.push(copy);
      if (isLast) cb(parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
    });
  }
}
