/**
 * A small Podium client over the WebSocket gateway, for browsers and Node (no node: imports).
 *
 *   const db = await PodiumClient.connect('ws://127.0.0.1:8080/v1/ws', { token, WebSocket });
 *   await db.call(['ZINCRBY', 'lb:daily', 5, 'ann']);
 *   const sub = await db.subscribe(['news'], (channel, message) => ...);
 *   const w = await db.watch(['LIVE.WATCH', 'lb:daily', 'TOP', 10], (view) => render(view.window));
 *
 * Browsers have a global WebSocket; Node 20 does not: pass one (e.g. `import WebSocket from 'ws'`).
 * The token (requirepass) is sent as AUTH, the first message, since browsers cannot set headers on
 * a WebSocket upgrade. After a lost connection the client reconnects with backoff, authenticates,
 * subscribes again and resumes live subscriptions from their last sequence (LIVE.RESUME): the view
 * gets what it missed, or a fresh snapshot flagged as such. Calls in flight when the connection
 * dropped are rejected (they may or may not have run); calls made while reconnecting wait for it.
 * Plain pub/sub messages published while disconnected are lost, as in Redis.
 */
import { CloseCode, ReplyError, encodeArg, isBinary, toText, type Arg, type JsonValue, type ServerFrame } from './wire.ts';
import { LiveView, livePushOf, type LivePush } from './live.ts';

/** The part of the WebSocket API the client uses (the browser's and the `ws` package's both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /* eslint-disable @typescript-eslint/no-explicit-any */
  onopen: ((ev: any) => void) | null;
  onmessage: ((ev: any) => void) | null;
  onclose: ((ev: any) => void) | null;
  onerror: ((ev: any) => void) | null;
  /* eslint-enable @typescript-eslint/no-explicit-any */
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export type ClientState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectOptions {
  /** The server's requirepass, sent as AUTH first. */
  token?: string;
  /** A WebSocket constructor where there is no global one (Node: the `ws` package). */
  WebSocket?: WebSocketConstructor;
  /** Reconnect after a lost connection (default true). */
  reconnect?: boolean;
  /** Backoff: first delay and cap, in ms (defaults 100 and 5000), with jitter. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Pushes no subscription claims (e.g. MONITOR lines, keyspace events of raw SUBSCRIBE calls). */
  onPush?: (push: JsonValue[]) => void;
  /** Connection state changes; `detail` has the close code and reason. */
  onState?: (state: ClientState, detail?: { code?: number; reason?: string; error?: unknown }) => void;
}

/** A channel or pattern message: the channel as text, the payload as sent (text or {"base64"}). */
export type MessageHandler = (channel: string, message: JsonValue, pattern?: string) => void;

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface Watch {
  /** The live state (window, entries, seq); replaced by a fresh one if the server lost the subscription. */
  readonly view: LiveView;
  unwatch(): Promise<void>;
}

/** Called with the view after each applied push (push null: the view was rebuilt after a reconnect). */
export type WatchHandler = (view: LiveView, push: LivePush | null) => void;

interface PendingCall {
  resolve(v: JsonValue): void;
  reject(e: Error): void;
  cmd: readonly Arg[];
}

interface WatchState {
  view: LiveView;
  cmd: Arg[];
  onChange: WatchHandler;
  resuming: boolean;
  active: boolean;
}

const OPEN = 1;
const EARLY_LIVE_MAX = 1000;

function globalWebSocket(): WebSocketConstructor | undefined {
  return (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
}

export class PodiumClient {
  state: ClientState = 'connecting';
  private ws: WebSocketLike | null = null;
  private readonly Ws: WebSocketConstructor;
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  /** Calls made while not connected; sent once (re)connected. */
  private queued: { id: number; frame: string }[] = [];
  /** Ready to send user calls: connected, authenticated, subscriptions restored. */
  private ready = false;
  private readonly channels = new Map<string, Set<MessageHandler>>();
  private readonly patterns = new Map<string, Set<MessageHandler>>();
  private readonly watches = new Map<string, WatchState>();
  /** Live pushes that arrived before their LIVE.WATCH reply was handled. */
  private readonly earlyLive = new Map<string, JsonValue[][]>();
  private closedByUser = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  private constructor(
    readonly url: string,
    private readonly opts: ConnectOptions,
  ) {
    const ctor = opts.WebSocket ?? globalWebSocket();
    if (ctor === undefined) throw new Error('PodiumClient: no global WebSocket; pass the WebSocket option (e.g. from the "ws" package)');
    this.Ws = ctor;
  }

  /** Connects (and authenticates); rejects when the first connection fails. */
  static async connect(url: string, opts: ConnectOptions = {}): Promise<PodiumClient> {
    const c = new PodiumClient(url, opts);
    await c.open();
    return c;
  }

  /** Runs a command; resolves with its reply, rejects with a ReplyError carrying Redis's text. */
  call(cmd: readonly Arg[]): Promise<JsonValue> {
    if (this.closedByUser) return Promise.reject(new Error('PodiumClient: closed'));
    return this.send(cmd, !this.ready);
  }

  private send(cmd: readonly Arg[], queue: boolean): Promise<JsonValue> {
    const id = this.nextId++;
    const frame = JSON.stringify({ id, cmd: cmd.map(encodeArg) });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, cmd });
      if (queue || this.ws === null || this.ws.readyState !== OPEN) this.queued.push({ id, frame });
      else this.ws.send(frame);
    });
  }

  /** SUBSCRIBE: `onMessage(channel, message)` for each message; resolves once subscribed. */
  async subscribe(channels: string[], onMessage: MessageHandler): Promise<Subscription> {
    return this.addSubs(this.channels, 'SUBSCRIBE', 'UNSUBSCRIBE', channels, onMessage);
  }

  /** PSUBSCRIBE: `onMessage(channel, message, pattern)`. */
  async psubscribe(patterns: string[], onMessage: MessageHandler): Promise<Subscription> {
    return this.addSubs(this.patterns, 'PSUBSCRIBE', 'PUNSUBSCRIBE', patterns, onMessage);
  }

  private async addSubs(map: Map<string, Set<MessageHandler>>, sub: string, unsub: string, names: string[], h: MessageHandler): Promise<Subscription> {
    for (const n of names) {
      let set = map.get(n);
      if (set === undefined) map.set(n, (set = new Set()));
      set.add(h);
    }
    await this.call([sub, ...names]);
    return {
      unsubscribe: async () => {
        const gone: string[] = [];
        for (const n of names) {
          const set = map.get(n);
          if (set === undefined || !set.delete(h)) continue;
          if (set.size === 0) {
            map.delete(n);
            gone.push(n);
          }
        }
        if (gone.length > 0) await this.call([unsub, ...gone]);
      },
    };
  }

  /**
   * A live subscription: `cmd` is LIVE.WATCH or LIVE.STREAM with its arguments (docs/live.md).
   * `onChange` runs after every snapshot, delta, entries or gap push applied to the view.
   */
  async watch(cmd: Arg[], onChange: WatchHandler): Promise<Watch> {
    const w: WatchState = { view: new LiveView(), cmd, onChange, resuming: false, active: true };
    await this.startWatch(w);
    return {
      get view() {
        return w.view;
      },
      unwatch: async () => {
        w.active = false;
        const sub = w.view.sub;
        if (sub === null) return;
        this.watches.delete(sub);
        await this.call(['LIVE.UNWATCH', sub]);
      },
    };
  }

  private async startWatch(w: WatchState): Promise<void> {
    const reply = await this.send(w.cmd, false);
    w.view.started(reply as Record<string, JsonValue>);
    const sub = w.view.sub!;
    this.watches.set(sub, w);
    const early = this.earlyLive.get(sub);
    if (early !== undefined) {
      this.earlyLive.delete(sub);
      for (const p of early) this.onLive(p);
    }
  }

  /** Closes the connection for good (no reconnect); pending calls are rejected. */
  close(): void {
    this.closedByUser = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.setState('closed');
    this.failPending(new Error('PodiumClient: closed'), true);
    this.ws?.close(1000, 'client closing');
  }

  // ---- connection ----

  private setState(s: ClientState, detail?: { code?: number; reason?: string; error?: unknown }): void {
    this.state = s;
    this.opts.onState?.(s, detail);
  }

  private open(): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const ws = new this.Ws(this.url);
      this.ws = ws;
      this.ready = false;
      ws.onmessage = (ev: { data: unknown }) => this.onMessage(ev.data);
      ws.onerror = () => {};
      ws.onclose = (ev: { code: number; reason: string }) => {
        if (this.ws !== ws) return;
        this.ws = null;
        this.ready = false;
        const err = new Error(`PodiumClient: connection closed (${ev.code}${ev.reason ? ' ' + ev.reason : ''})`);
        this.failPending(err, false);
        if (!settled) {
          settled = true;
          reject(new Error(`PodiumClient: could not connect (${ev.code}${ev.reason ? ' ' + ev.reason : ''})`));
        }
        this.lost(ev.code, ev.reason);
        if (this.state === 'closed') this.failPending(err, true);
      };
      ws.onopen = () => {
        void this.restore().then(
          () => {
            this.attempt = 0;
            this.ready = true;
            this.setState('open');
            const q = this.queued;
            this.queued = [];
            for (const f of q) ws.send(f.frame);
            if (!settled) {
              settled = true;
              resolve();
            }
          },
          (err: unknown) => {
            if (!settled) {
              settled = true;
              reject(err);
            }
            ws.close(1000);
          },
        );
      };
    });
  }

  /** After (re)connecting: AUTH, then subscriptions and live watches as they were. */
  private async restore(): Promise<void> {
    if (this.opts.token !== undefined) await this.send(['AUTH', this.opts.token], false);
    const channels = [...this.channels.keys()];
    if (channels.length > 0) await this.send(['SUBSCRIBE', ...channels], false);
    const patterns = [...this.patterns.keys()];
    if (patterns.length > 0) await this.send(['PSUBSCRIBE', ...patterns], false);
    for (const w of [...this.watches.values()]) {
      if (!w.active) continue;
      w.view.needsResume = true;
      await this.resume(w);
    }
  }

  /** LIVE.RESUME; when the server no longer knows the subscription, watch again from a fresh view. */
  private async resume(w: WatchState): Promise<void> {
    if (w.resuming) return;
    w.resuming = true;
    try {
      const reply = await this.send(w.view.resumeCommand(), false);
      w.view.started(reply as Record<string, JsonValue>);
    } catch (err) {
      if (!(err instanceof ReplyError)) throw err;
      this.watches.delete(w.view.sub!);
      w.view = new LiveView();
      await this.startWatch(w);
      w.onChange(w.view, null);
    } finally {
      w.resuming = false;
    }
  }

  private lost(code: number, reason: string): void {
    if (this.closedByUser) return;
    const authFailure = code === CloseCode.policy && reason.startsWith('authentication');
    if (this.opts.reconnect === false || authFailure || this.state === 'connecting') {
      this.setState('closed', { code, reason });
      return;
    }
    this.setState('reconnecting', { code, reason });
    const min = this.opts.minDelayMs ?? 100;
    const max = this.opts.maxDelayMs ?? 5000;
    const delay = Math.min(max, min * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.closedByUser) return;
      this.open().catch((error: unknown) => {
        // open() failing again schedules the next attempt through onclose.
        void error;
      });
    }, delay);
  }

  /** Rejects the calls sent on a lost connection; queued ones too when there will be no other. */
  private failPending(err: Error, queuedToo: boolean): void {
    const waiting = new Set(queuedToo ? [] : this.queued.map((q) => q.id));
    if (queuedToo) this.queued = [];
    for (const [id, p] of [...this.pending]) {
      if (waiting.has(id)) continue;
      this.pending.delete(id);
      p.reject(err);
    }
  }

  // ---- frames ----

  private onMessage(data: unknown): void {
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data as Uint8Array);
    let f: ServerFrame;
    try {
      f = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    if ('push' in f) {
      this.onPush(f.push);
      return;
    }
    const id = f.id;
    if (typeof id !== 'number') return;
    const p = this.pending.get(id);
    if (p === undefined) return;
    this.pending.delete(id);
    if ('err' in f) p.reject(new ReplyError(f.err, p.cmd));
    else p.resolve(f.ok);
  }

  private onPush(push: JsonValue[]): void {
    const kind = push[0];
    if ((kind === 'message' || kind === 'smessage') && push.length === 3) {
      const channel = toText(push[1]);
      const hs = this.channels.get(channel);
      if (hs !== undefined) {
        for (const h of hs) h(channel, push[2]);
        return;
      }
    } else if (kind === 'pmessage' && push.length === 4) {
      const pattern = toText(push[1]);
      const hs = this.patterns.get(pattern);
      if (hs !== undefined) {
        const channel = isBinary(push[2]) ? toText(push[2]) : String(push[2]);
        for (const h of hs) h(channel, push[3], pattern);
        return;
      }
    } else if (kind === 'live') {
      this.onLive(push);
      return;
    }
    this.opts.onPush?.(push);
  }

  private onLive(push: JsonValue[]): void {
    const p = livePushOf(push);
    if (p === null) return;
    const w = this.watches.get(p.sub);
    if (w === undefined) {
      let list = this.earlyLive.get(p.sub);
      if (list === undefined) {
        if (this.earlyLive.size >= EARLY_LIVE_MAX) return;
        this.earlyLive.set(p.sub, (list = []));
      }
      if (list.length < EARLY_LIVE_MAX) list.push(push);
      return;
    }
    const r = w.view.apply(push);
    if (r === 'applied') w.onChange(w.view, p);
    if (w.view.needsResume && this.ready) void this.resume(w).catch(() => {});
  }
}
