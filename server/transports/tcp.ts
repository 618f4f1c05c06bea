/**
 * RESP over TCP (node:net). Reads are parsed incrementally; every command of a read batch is run,
 * and all their replies leave in one socket write. Knows nothing of command semantics.
 */
import net from 'node:net';
import { RespParser, type ParserHost } from '../protocol/resp-parser.ts';
import { RespWriter } from '../protocol/resp-writer.ts';
import { Client, type ClientLink } from '../engine/client.ts';
import { processCommand } from '../engine/dispatch.ts';
import type { Engine } from '../engine/engine.ts';
import { outputLimitFor, outputLimitLogLine, type OutputLimitTracker } from './output-limits.ts';

export interface TcpOptions {
  host: string;
  port: number;
}

export class TcpTransport {
  private server: net.Server | null = null;
  private conns = new Set<TcpConnection>();
  port = 0;

  constructor(private engine: Engine) {}

  async listen(opts: TcpOptions): Promise<number> {
    const server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    const hosts = opts.host.split(/\s+/).filter(Boolean);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: hosts[0] === '*' ? undefined : hosts[0], port: opts.port, backlog: 511 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  private accept(socket: net.Socket): void {
    const e = this.engine;
    e.stats.connectionsReceived++;
    if (e.clients.size >= e.config.int('maxclients')) {
      e.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    const conn = new TcpConnection(e, socket, () => this.conns.delete(conn));
    this.conns.add(conn);
  }

  /** Listens on a new address and stops the old listener; open connections are kept. */
  async relisten(opts: TcpOptions): Promise<number> {
    const old = this.server;
    const port = await this.listen(opts);
    if (old) old.close();
    return port;
  }

  /** Stops accepting and closes every connection (their pending output is flushed first). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const c of [...this.conns]) c.shutdown();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Replies are written in one pass after every connection that became readable in this event-loop
 * turn has been served (setImmediate runs after the poll phase), as Redis writes in beforeSleep.
 * Writing right after each read lets the woken peer preempt the server on every write; measured with
 * perf, that context switch took a third of the server's time under 50 clients.
 */
const pendingWrites: TcpConnection[] = [];

/**
 * Every connection reads into one shared buffer. Node's default gives each read a fresh 64 KB
 * allocation, shrunk to size, plus a Buffer and a stream 'data' event: perf put the malloc/free work
 * alone near 10% of the server's CPU at -P 1. Node's `onread` option (a user buffer) avoids all of
 * that, but net.Server does not offer it for accepted sockets, so it is installed the way the
 * option itself is: the socket's kBuffer/kBufferCb fields (found once on a probe socket) and the
 * handle's useUserBuffer(). Sharing is safe because parsing is synchronous and the parser copies
 * whatever it keeps. If this Node has no such fields, connections fall back to 'data' events.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
const userRead = findUserReadFields();

/** True when connections read through the shared buffer (tests check it holds on this Node). */
export const sharedReadBuffer = userRead !== null;

function findUserReadFields(): { buffer: symbol; callback: symbol } | null {
  try {
    const buffer = Buffer.alloc(1);
    const callback = () => undefined;
    const probe = new net.Socket({ onread: { buffer, callback } } as net.SocketConstructorOpts) as unknown as Record<symbol, unknown>;
    let b: symbol | null = null;
    let cb: symbol | null = null;
    for (const sym of Object.getOwnPropertySymbols(probe)) {
      if (probe[sym] === buffer) b = sym;
      else if (probe[sym] === callback) cb = sym;
    }
    (probe as unknown as net.Socket).destroy();
    return b !== null && cb !== null ? { buffer: b, callback: cb } : null;
  } catch {
    return null;
  }
}

/** Reads of `socket` go to `onData` through the shared buffer; false when Node cannot do it. */
function readIntoSharedBuffer(socket: net.Socket, onData: (chunk: Buffer) => void): boolean {
  const handle = (socket as unknown as { _handle?: { useUserBuffer?: (b: Buffer) => void } })._handle;
  if (userRead === null || handle?.useUserBuffer === undefined) return false;
  const fields = socket as unknown as Record<symbol, unknown>;
  fields[userRead.buffer] = READ_BUFFER;
  fields[userRead.callback] = (n: number, buf: Buffer) => {
    onData(buf.subarray(0, n));
  };
  handle.useUserBuffer(READ_BUFFER);
  return true;
}
let writePassScheduled = false;

function writePass(): void {
  writePassScheduled = false;
  const conns = pendingWrites.splice(0);
  for (const c of conns) c.flush();
}

class TcpConnection implements ClientLink, ParserHost {
  readonly kind = 'tcp';
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  readonly client: Client;
  private readonly writer = new RespWriter();
  private readonly parser: RespParser;
  private flushScheduled = false;
  private closed = false;
  private outLimits: OutputLimitTracker;

  constructor(
    private engine: Engine,
    private socket: net.Socket,
    private onGone: () => void,
  ) {
    this.addr = `${socket.remoteAddress}:${socket.remotePort}`;
    this.laddr = `${socket.localAddress}:${socket.localPort}`;
    this.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    this.parser = new RespParser(this);
    this.client = new Client(engine, this.writer, this);
    engine.clients.set(this.client.id, this.client);
    this.outLimits = outputLimitFor(engine, this.client);
    const onData = (chunk: Buffer) => this.onData(chunk);
    if (!readIntoSharedBuffer(socket, onData)) socket.on('data', onData);
    socket.on('error', () => this.gone());
    socket.on('close', () => this.gone());
    socket.on('drain', () => this.outLimits.drained());
  }

  private readonly onCommand = (argv: string[]) => processCommand(this.engine, this.client, argv);

  /** ParserHost: limits are read live, so CONFIG SET applies to open connections. */
  get limits() {
    const cfg = this.engine.config;
    return { maxBulkLen: cfg.int('proto-max-bulk-len'), maxQueryBuffer: cfg.int('client-query-buffer-limit') };
  }

  authRequired(): boolean {
    return !this.client.authenticated && this.engine.authRequired();
  }

  private onData(chunk: Buffer): void {
    if (this.closed || this.client.closing) return;
    this.engine.stats.netInputBytes += chunk.length;
    const outcome = this.parser.feed(chunk, this.onCommand);
    if (outcome !== null) {
      if ('protocolError' in outcome) {
        this.writer.error(outcome.protocolError);
      }
      this.close();
      return;
    }
    this.wake();
  }

  flush(): void {
    this.flushScheduled = false;
    if (this.closed) return;
    const out = this.writer.take();
    if (out === null) return;
    this.engine.stats.netOutputBytes += out.length;
    this.socket.write(out);
    // Written through synchronously (nothing queued): the writer may reuse its buffer.
    if (this.socket.writableLength === 0) this.writer.reclaim();
    if (this.outLimits.exceeded(this.socket.writableLength)) {
      console.warn(outputLimitLogLine(this.client));
      this.destroy();
    }
  }

  /** Queues this connection's replies for the write pass that follows the current I/O events. */
  wake(): void {
    if (this.flushScheduled || this.closed) return;
    this.flushScheduled = true;
    pendingWrites.push(this);
    if (!writePassScheduled) {
      writePassScheduled = true;
      setImmediate(writePass);
    }
  }

  close(): void {
    if (this.closed) return;
    this.client.closing = true;
    this.flush();
    this.closed = true;
    this.socket.end();
    this.gone();
  }

  /** Server shutdown: flush and close. */
  shutdown(): void {
    this.close();
  }

  private destroy(): void {
    this.closed = true;
    this.socket.destroy();
    this.gone();
  }

  outputBytes(): number {
    return this.socket.writableLength + this.writer.pending;
  }

  inputBytes(): number {
    return this.parser.bufferedBytes;
  }

  private goneDone = false;
  private gone(): void {
    if (this.goneDone) return;
    this.goneDone = true;
    this.closed = true;
    this.engine.removeClient(this.client);
    this.onGone();
  }
}
