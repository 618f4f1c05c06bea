/**
 * WebSocket endpoint /v1/ws on uWebSockets.js: JSON request frames in, JSON reply and push frames out,
 * every command through the same dispatch as RESP. Knows nothing of command semantics; the only
 * reply kinds it tells apart are the subscribe-family confirmations, which RESP3 sends as pushes but
 * which answer the command that asked for them.
 *
 * Ordering. Replies are written in command order, so each reply takes the id at the head of the
 * connection's queue. While a command is blocked (BLPOP, CLIENT PAUSE) further requests wait in the
 * connection's own queue and run once it is answered; a push carries no id.
 *
 * uWS rules kept here: a message's ArrayBuffer is decoded before the handler returns (it is neutered
 * after); writes made outside uWS callbacks are corked; send() results and getBufferedAmount() are
 * checked, a socket whose buffered output passes the limits is closed with a reason, never left to
 * drop messages silently.
 */
import type { HttpRequest, HttpResponse, TemplatedApp, WebSocket, us_socket_context_t } from 'uWebSockets.js';
import { Client, type ClientLink } from '../engine/client.ts';
import { processCommand } from '../engine/dispatch.ts';
import type { Engine } from '../engine/engine.ts';
import type { ChannelFanout } from '../engine/broker.ts';
import { JsonReply, bytesToJson, isConfirmation, jsonToArgv, type Json, type JsonSink } from '../protocol/json-reply.ts';
import { outputLimitFor, outputLimitLogLine, type OutputLimitTracker } from './output-limits.ts';
import type { GatewayStats } from './gateway-stats.ts';
import type { Uws } from './uws.ts';
import { bearerToken, passwordMatches } from './gateway-auth.ts';
import { CloseCode } from '../../shared/wire.ts';

/** send() result: the message was not sent nor buffered (over maxBackpressure). */
const DROPPED = 2;

interface UserData {
  conn: WsConnection | null;
  /** Authenticated by a bearer token on the upgrade request. */
  bearer: boolean;
  addr: string;
}

/** A parsed request: argv to run, or the error text to answer it with. */
interface Request {
  id: Json | undefined;
  argv: string[] | null;
  error: string;
}

/** A request being answered: its id goes with the first regular reply written for it. */
interface Pending {
  id: Json | undefined;
  answered: boolean;
  /** Subscribe-family confirmations written for it (its answer when no regular reply comes). */
  confirms: Json[] | null;
}

export function parseRequest(text: string): Request {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch (err) {
    return { id: undefined, argv: null, error: `ERR invalid JSON: ${(err as Error).message}` };
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    return { id: undefined, argv: null, error: 'ERR invalid request: expected an object {"id":..., "cmd":[...]}' };
  }
  const o = msg as { id?: unknown; cmd?: unknown };
  const id = o.id as Json | undefined;
  if (id !== undefined && typeof id !== 'number' && typeof id !== 'string') {
    return { id: undefined, argv: null, error: 'ERR invalid request: "id" must be a number or a string' };
  }
  const argv = jsonToArgv(o.cmd);
  if (typeof argv === 'string') return { id, argv: null, error: argv };
  return { id, argv, error: '' };
}

function answerFrame(id: Json | undefined, value: Json, error: boolean): string {
  const body = (error ? '"err":' : '"ok":') + JSON.stringify(value);
  return id === undefined ? '{' + body + '}' : '{"id":' + JSON.stringify(id) + ',' + body + '}';
}

export class WsTransport implements ChannelFanout {
  readonly conns = new Set<WsConnection>();
  /** Connections with frames not yet handed to uWS. */
  private dirty: WsConnection[] = [];
  /** host:port the gateway listens on (CLIENT LIST laddr). */
  laddr = '';
  private passScheduled = false;
  private sweeper: NodeJS.Timeout;

  constructor(
    readonly engine: Engine,
    readonly app: TemplatedApp,
    readonly uws: Uws,
    readonly stats: GatewayStats,
  ) {
    const cfg = engine.config;
    app.ws<UserData>('/v1/ws', {
      // uWS drops a connection over its own limit without a close frame; with room above ours, a
      // message over gateway-max-payload gets a proper 1009 (see onMessage).
      maxPayloadLength: Math.min(2 * cfg.int('gateway-max-payload'), 2 ** 31 - 1),
      maxBackpressure: cfg.int('gateway-max-backpressure'),
      // A message uWS would drop (a topic publish to a reader over maxBackpressure) closes the socket
      // instead: a subscriber is never silently short of a message.
      closeOnBackpressureLimit: 1,
      idleTimeout: 120,
      sendPingsAutomatically: true,
      compression: uws.DISABLED,
      upgrade: (res, req, ctx) => this.upgrade(res, req, ctx),
      open: (ws) => this.open(ws),
      message: (ws, msg, isBinary) => ws.getUserData().conn?.onMessage(msg, isBinary),
      drain: (ws) => ws.getUserData().conn?.onDrain(),
      close: (ws, code, msg) => ws.getUserData().conn?.onClose(code, msg),
    });
    this.sweeper = setInterval(() => this.sweep(), 250);
    this.sweeper.unref();
  }

  private upgrade(res: HttpResponse, req: HttpRequest, ctx: us_socket_context_t): void {
    const key = req.getHeader('sec-websocket-key');
    const protocols = req.getHeader('sec-websocket-protocol');
    const extensions = req.getHeader('sec-websocket-extensions');
    const authz = req.getHeader('authorization');
    let bearer = false;
    if (authz !== '' && this.engine.authRequired()) {
      const token = bearerToken(authz);
      if (token === null || !passwordMatches(this.engine, token)) {
        this.stats.wsRejected++;
        this.stats.close('auth');
        res
          .writeStatus('401 Unauthorized')
          .writeHeader('content-type', 'application/json')
          .writeHeader('www-authenticate', 'Bearer')
          .end('{"err":"WRONGPASS invalid username-password pair or user is disabled."}');
        return;
      }
      bearer = true;
    }
    const addr = Buffer.from(res.getRemoteAddressAsText()).toString();
    // Echo at most one offered subprotocol (browsers fail the handshake on a list).
    const protocol = protocols === '' ? '' : protocols.split(',')[0].trim();
    res.upgrade<UserData>({ conn: null, bearer, addr }, key, protocol, extensions, ctx);
  }

  private open(ws: WebSocket<UserData>): void {
    const e = this.engine;
    e.stats.connectionsReceived++;
    if (this.conns.size >= e.config.int('gateway-max-connections') || e.clients.size >= e.config.int('maxclients')) {
      e.stats.rejectedConnections++;
      this.stats.wsRejected++;
      this.stats.close('max-connections');
      ws.end(CloseCode.tryAgainLater, 'max connections reached');
      return;
    }
    this.stats.wsAccepted++;
    const d = ws.getUserData();
    const conn = new WsConnection(this, ws, d.addr, d.bearer);
    d.conn = conn;
    this.conns.add(conn);
  }

  markDirty(c: WsConnection): void {
    this.dirty.push(c);
    if (!this.passScheduled) {
      this.passScheduled = true;
      setImmediate(() => this.writePass());
    }
  }

  /** Hands every pending frame to uWS, and resumes connections whose blocked command was answered. */
  writePass(): void {
    this.passScheduled = false;
    const list = this.dirty;
    this.dirty = [];
    for (const c of list) c.flush(true);
  }

  /** Frames written before a topic publish must leave before it (per-connection order). */
  private flushDirty(): void {
    if (this.dirty.length === 0) return;
    const list = this.dirty;
    this.dirty = [];
    for (const c of list) c.send(true);
    // Their resume work (pump) still needs the pass; re-mark those that need it.
    for (const c of list) if (c.needsPass()) this.markDirty(c);
  }

  // ---- ChannelFanout: exact channels go through uWS topics, encoded once per message ----

  join(c: Client, channel: string, shard: boolean): void {
    (c.link as WsConnection).subscribeTopic(topicOf(channel, shard));
  }

  leave(c: Client, channel: string, shard: boolean): void {
    (c.link as WsConnection).unsubscribeTopic(topicOf(channel, shard));
  }

  publish(channel: string, shard: boolean, payload: string): void {
    this.flushDirty();
    const topic = topicOf(channel, shard);
    const frame = '{"push":' + JSON.stringify([shard ? 'smessage' : 'message', bytesToJson(channel), bytesToJson(payload)]) + '}';
    const n = this.app.numSubscribers(topic);
    this.stats.topicPublishes++;
    this.stats.messagesOut += n;
    this.stats.bytesOut += n * Buffer.byteLength(frame);
    this.app.publish(topic, frame, false, false);
  }

  /** Idle timeout and output limits of subscribers (topic publishes bypass per-connection checks). */
  private sweep(): void {
    const idle = this.engine.config.int('gateway-idle-timeout') * 1000;
    const now = performance.now();
    for (const c of this.conns) {
      if (idle > 0 && now - c.lastActivity > idle && c.idleable()) c.closeWith(CloseCode.goingAway, 'idle timeout', 'idle');
      else c.checkOutput();
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const c of [...this.conns]) c.closeWith(CloseCode.goingAway, 'server shutting down', 'shutdown');
  }
}

function topicOf(channel: string, shard: boolean): string {
  return (shard ? 's:' : 'c:') + channel;
}

export class WsConnection implements ClientLink, JsonSink {
  readonly kind = 'ws';
  readonly laddr: string;
  readonly fd = -1;
  readonly client: Client;
  readonly fanout: ChannelFanout;
  private readonly engine: Engine;
  private readonly writer: JsonReply;
  private readonly outLimits: OutputLimitTracker;
  /** Requests waiting for a blocked command to be answered. */
  private input: Request[] = [];
  /** Bytes of the messages behind `input` (bounded by client-query-buffer-limit). */
  private inputSize = 0;
  private current: Pending | null = null;
  /** A command that blocked (or was postponed): the next regular reply is its answer. */
  private deferred: Pending | null = null;
  private frames: string[] = [];
  private framesBytes = 0;
  private isDirty = false;
  private closed = false;
  private closeRequested = false;
  /** The first message must authenticate when the upgrade did not. */
  private mustAuth: boolean;
  lastActivity = performance.now();
  private tokens = 0;
  private tokensAt = 0;

  constructor(
    private t: WsTransport,
    private ws: WebSocket<UserData>,
    readonly addr: string,
    bearer: boolean,
  ) {
    this.engine = t.engine;
    this.fanout = t;
    this.laddr = t.laddr;
    this.writer = new JsonReply(this);
    this.client = new Client(this.engine, this.writer, this);
    this.client.setResp(3);
    if (bearer) this.client.authenticated = true;
    this.mustAuth = !this.client.authenticated;
    this.engine.clients.set(this.client.id, this.client);
    this.outLimits = outputLimitFor(this.engine, this.client);
    this.tokens = this.engine.config.int('gateway-rate-limit');
    this.tokensAt = this.lastActivity;
  }

  // ---- JsonSink: where the writer's finished values go ----

  reply(value: Json, error: boolean): void {
    const p = this.current ?? this.deferred;
    if (p !== null && !p.answered) {
      p.answered = true;
      this.frame(answerFrame(p.id, value, error));
    } else {
      // Not an answer to a request (MONITOR lines): delivered like a push.
      this.frame(error ? '{"err":' + JSON.stringify(value) + '}' : '{"push":' + JSON.stringify(value) + '}');
    }
  }

  push(items: Json[]): void {
    const p = this.current ?? this.deferred;
    if (p !== null && !p.answered && isConfirmation(items)) (p.confirms ??= []).push(items);
    else this.frame('{"push":' + JSON.stringify(items) + '}');
  }

  pushFrame(frame: string): void {
    this.frame(frame);
  }

  private frame(s: string): void {
    if (this.closed) return;
    this.frames.push(s);
    this.framesBytes += s.length;
    if (!this.isDirty) {
      this.isDirty = true;
      this.t.markDirty(this);
    }
  }

  // ---- uWS events ----

  onMessage(msg: ArrayBuffer, isBinary: boolean): void {
    if (this.closed || this.client.closing) return;
    const st = this.t.stats;
    st.messagesIn++;
    st.bytesIn += msg.byteLength;
    this.engine.stats.netInputBytes += msg.byteLength;
    this.lastActivity = performance.now();
    const max = this.engine.config.int('gateway-max-payload');
    if (msg.byteLength > max) {
      this.closeWith(CloseCode.tooBig, `message too big (max ${max} bytes)`, 'too-big');
      return;
    }
    const rate = this.engine.config.int('gateway-rate-limit');
    if (rate > 0 && !this.takeToken(rate)) {
      this.closeWith(CloseCode.policy, `rate limit exceeded (${rate} commands/s)`, 'rate-limit');
      return;
    }
    // Decoded now: the ArrayBuffer is neutered once this handler returns.
    const req: Request = isBinary
      ? { id: undefined, argv: null, error: 'ERR binary frames are not supported: send each request as a JSON text frame' }
      : parseRequest(Buffer.from(msg).toString('utf8'));
    if (this.mustAuth) {
      this.mustAuth = false;
      if (this.engine.authRequired() && !this.client.authenticated) {
        const name = req.argv?.[0]?.toLowerCase();
        if (name !== 'auth' && name !== 'hello') {
          this.frame(answerFrame(req.id, req.argv === null ? req.error : 'NOAUTH Authentication required.', true));
          this.closeWith(CloseCode.policy, 'authentication required', 'auth');
          return;
        }
        this.input.push(req);
        this.pump();
        if (!this.client.authenticated) {
          this.closeWith(CloseCode.policy, 'authentication failed', 'auth');
          return;
        }
        this.flush(false);
        return;
      }
    }
    this.input.push(req);
    this.inputSize += msg.byteLength;
    this.pump();
    if (this.input.length === 0) this.inputSize = 0;
    else if (this.inputSize > this.engine.config.int('client-query-buffer-limit')) {
      this.closeWith(CloseCode.policy, 'too many requests waiting behind a blocked command (client-query-buffer-limit)', 'query-buffer');
      return;
    }
    this.flush(false);
  }

  /** Subscribers, live watchers and blocked clients are never idle-closed (as the `timeout` cron spares them). */
  idleable(): boolean {
    return this.client.subscriptions === 0 && this.client.blocked === null && !this.engine.exemptFromIdle(this.client);
  }

  private takeToken(rate: number): boolean {
    const now = this.lastActivity;
    this.tokens = Math.min(rate, this.tokens + ((now - this.tokensAt) * rate) / 1000);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  onDrain(): void {
    if (!this.closed && this.ws.getBufferedAmount() === 0) this.outLimits.drained();
  }

  onClose(code: number, _msg: ArrayBuffer): void {
    if (!this.closed) {
      this.closed = true;
      // uWS closes by itself for an oversized message (1009) and a reader over maxBackpressure.
      this.t.stats.close(code === CloseCode.tooBig ? 'too-big' : code === 1006 ? 'abnormal' : 'client');
    }
    this.gone();
  }

  // ---- running requests ----

  /** Runs queued requests until one blocks. Never called from inside engine code. */
  private pump(): void {
    const c = this.client;
    while (this.input.length > 0 && this.deferred === null && c.blocked === null && c.queued.length === 0 && !c.closing && !this.closed) {
      const req = this.input.shift()!;
      if (req.argv === null) {
        this.frame(answerFrame(req.id, req.error, true));
        continue;
      }
      const p: Pending = { id: req.id, answered: false, confirms: null };
      this.current = p;
      try {
        processCommand(this.engine, c, req.argv);
      } finally {
        this.current = null;
      }
      if (p.answered) continue;
      if (c.blocked !== null || c.queued.length > 0) {
        this.deferred = p;
        break;
      }
      this.settle(p);
    }
  }

  /** A request that finished without a regular reply: answered by its confirmations (or null). */
  private settle(p: Pending): void {
    p.answered = true;
    this.frame(answerFrame(p.id, p.confirms, false));
  }

  needsPass(): boolean {
    return this.deferred !== null || this.closeRequested || (this.input.length > 0 && this.client.blocked === null);
  }

  /**
   * Resumes after a blocked command (`resume`, only outside engine code), sends the frames, then
   * closes when asked to.
   */
  flush(corked: boolean): void {
    if (this.closed) return;
    const c = this.client;
    if (this.deferred !== null && c.blocked === null && c.queued.length === 0) {
      const p = this.deferred;
      this.deferred = null;
      if (!p.answered) this.settle(p);
      this.pump();
      if (this.input.length === 0) this.inputSize = 0;
    }
    this.send(corked);
    if (this.closeRequested && !this.closed) this.closeWith(CloseCode.normal, 'closed by server', 'server');
  }

  /** Hands the pending frames to uWS. */
  send(corked: boolean): void {
    this.isDirty = false;
    if (this.closed || this.frames.length === 0) return;
    const frames = this.frames;
    this.frames = [];
    this.framesBytes = 0;
    let dropped = false;
    const write = () => {
      for (let i = 0; i < frames.length && !dropped; i++) {
        if (this.closed) return;
        if (this.ws.send(frames[i], false, false) === DROPPED) dropped = true;
      }
    };
    if (corked) this.ws.cork(write);
    else write();
    const st = this.t.stats;
    st.messagesOut += frames.length;
    for (const f of frames) st.bytesOut += f.length;
    if (dropped) this.closeWith(CloseCode.policy, 'output buffer limit reached (slow consumer)', 'slow-consumer');
    else this.checkOutput();
    this.lastActivity = performance.now();
  }

  /** client-output-buffer-limit for the client's class (pubsub for subscribers), as over RESP. */
  checkOutput(): void {
    if (this.closed) return;
    if (this.outLimits.exceeded(this.ws.getBufferedAmount())) {
      console.warn(outputLimitLogLine(this.client));
      this.closeWith(CloseCode.policy, 'output buffer limit reached (slow consumer)', 'slow-consumer');
    }
  }

  subscribeTopic(topic: string): void {
    if (!this.closed) this.ws.subscribe(topic);
  }

  unsubscribeTopic(topic: string): void {
    if (!this.closed) this.ws.unsubscribe(topic);
  }

  /** Sends what is pending, then closes with a code and reason. */
  closeWith(code: number, reason: string, statsReason: string): void {
    if (this.closed) return;
    this.send(true);
    if (this.closed) return;
    this.closed = true;
    this.t.stats.close(statsReason);
    this.ws.end(code, reason);
    this.gone();
  }

  // ---- ClientLink ----

  wake(): void {
    if (!this.closed && !this.isDirty) {
      this.isDirty = true;
      this.t.markDirty(this);
    }
  }

  close(): void {
    if (this.closed) return;
    this.client.closing = true;
    this.closeRequested = true;
    this.isDirty = false;
    this.wake();
  }

  outputBytes(): number {
    return this.closed ? 0 : this.ws.getBufferedAmount() + this.framesBytes;
  }

  inputBytes(): number {
    return this.inputSize;
  }

  private goneDone = false;
  private gone(): void {
    if (this.goneDone) return;
    this.goneDone = true;
    this.closed = true;
    this.t.conns.delete(this);
    this.engine.removeClient(this.client);
  }
}
