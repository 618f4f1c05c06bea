/**
 * The engine: the keyspace plus everything commands share (clients, config, stats, blocking,
 * watchers), and the one write path every change goes through (modified → WATCH, keyspace events,
 * blocked clients, dirty count; propagate → AOF and replicas).
 */
import { Keyspace, type Clock, type Database } from '../store/keyspace.ts';
import { seededRandom } from '../lib/random.ts';
import type { Config } from '../config.ts';
import { Registry } from './registry.ts';
import type { Client } from './client.ts';
import { Blocking } from './blocking.ts';
import { Slowlog } from './slowlog.ts';
import { SystemClock } from '../lib/clock.ts';
import type { Command, CommandGroup } from './command.ts';
import { LatencyMonitor } from './latency.ts';
import { installEviction } from './evict.ts';
import { Broker } from './broker.ts';

/** Where propagated writes go (append-only log, replicas). */
export interface Propagator {
  /** A write, in deterministic form, to apply in database `db`. */
  propagate(db: number, argv: string[]): void;
}

/** Keyspace notification listener (the pub/sub broker subscribes here). */
export type NotifyListener = (type: string, event: string, db: number, key: string) => void;

export interface EngineOptions {
  config: Config;
  /** The command table, by group (server/commands/index.ts lists them); the engine knows none itself. */
  commands: readonly CommandGroup[];
  clock?: Clock;
  seed?: number;
}

export interface Stats {
  startTime: number;
  connectionsReceived: number;
  commandsProcessed: number;
  rejectedConnections: number;
  expiredKeys: number;
  expiredStalePerc: number;
  expiredTimeCapReached: number;
  evictedKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  netInputBytes: number;
  netOutputBytes: number;
  totalErrorReplies: number;
  errorReplies: Map<string, number>;
  totalBlockingKeys: number;
  unexpectedErrorReplies: number;
  opsSamples: number[];
}

export class Engine {
  readonly config: Config;
  readonly clock: Clock;
  /** The default clock (null when a test injected its own). */
  readonly systemClock: SystemClock | null;
  random: () => number;
  readonly keyspace: Keyspace;
  readonly registry = new Registry();
  readonly clients = new Map<number, Client>();
  readonly blocking: Blocking;
  nextClientId = 1;
  /** server.dirty: changes since the last save (writes and expirations). */
  dirty = 0;
  /** Writes made through modified(); call() compares it to know a command wrote. */
  changes = 0;
  /** True while a dataset is loaded at start: only commands flagged 'loading' run. */
  loading = false;
  /** Installed by the eviction layer: true when memory is over maxmemory after evicting. */
  checkMemory: ((c: Client) => boolean) | null = null;
  /** Installed by the eviction layer while maxmemory is set: a key's value changed (memory accounting). */
  memoryTouched: ((db: Database, key: string) => void) | null = null;
  /** checkMemory's answer before the current top-level command (a script refuses its first denyoom write on it). */
  preCommandOom = false;
  readonly slowlog: Slowlog;
  readonly stats: Stats;
  readonly propagators: Propagator[] = [];
  readonly notifyListeners: NotifyListener[] = [];
  /** Clients watching each key, per database number. */
  readonly watchers = new Map<number, Map<string, Set<Client>>>();
  /** Writes of the current top-level command, flushed to propagators when it ends. */
  propQueue: { db: number; argv: string[] }[] = [];
  /** Set by a handler that replaces its own propagation (SET EX → SET PXAT, SPOP → SREM, ...). */
  rewritten: string[][] | null = null;
  /** Depth of nested execution (EXEC, scripts): propagation is wrapped in MULTI/EXEC. */
  execDepth = 0;
  /** Hooks the server layer installs (SHUTDOWN, client kill by transports, ...). */
  hooks: {
    /** SHUTDOWN: returns an error text, or null when the server is stopping. */
    shutdown?: (opts: { save: boolean | null; now: boolean; force: boolean }) => string | null;
    /** Called once the server closed after SHUTDOWN (the CLI exits the process). */
    afterShutdown?: () => void;
  } = {};
  readonly monitors = new Set<Client>();
  /** Set while CLIENT PAUSE is in force (client-pause.ts): true when the client's command must wait. */
  postpone: ((c: Client, cmd: Command, argv: string[]) => boolean) | null = null;
  /** Per-command latency histograms and latency-monitor events (LATENCY, INFO latencystats). */
  readonly latency: LatencyMonitor;
  /** Pub/sub: channels, patterns, shard channels, keyspace notifications (broker.ts). */
  readonly broker: Broker;
  /** Called when a client goes away (pub/sub unsubscribes, live subscriptions end). */
  readonly clientListeners: ((c: Client) => void)[] = [];
  /**
   * Called by RESET (Redis's clearClientConnectionState) for the state that runtime parts keep per
   * connection (pub/sub subscriptions); listeners must not reply, as Redis unsubscribes silently.
   */
  readonly resetListeners: ((c: Client) => void)[] = [];
  /** Server shutdown: runtime parts with timers of their own (live subscriptions) stop them here. */
  readonly closeListeners: (() => void)[] = [];
  /** Runtime parts that keep a client busy without a blocked command (live watches) say so here. */
  readonly idleExemptions: ((c: Client) => boolean)[] = [];

  constructor(opts: EngineOptions) {
    this.config = opts.config;
    this.systemClock = opts.clock ? null : new SystemClock();
    this.clock = opts.clock ?? this.systemClock!;
    this.random = seededRandom(opts.seed ?? (Date.now() ^ (process.pid << 16)));
    const dbs = this.config.int('databases');
    this.keyspace = new Keyspace(dbs, { expired: (db, key) => this.keyExpired(db, key) });
    this.keyspace.now = this.clock.now();
    this.blocking = new Blocking(this);
    this.slowlog = new Slowlog(this.config);
    this.latency = new LatencyMonitor(this.config, this.clock);
    this.stats = {
      startTime: this.clock.now(),
      connectionsReceived: 0,
      commandsProcessed: 0,
      rejectedConnections: 0,
      expiredKeys: 0,
      expiredStalePerc: 0,
      expiredTimeCapReached: 0,
      evictedKeys: 0,
      keyspaceHits: 0,
      keyspaceMisses: 0,
      netInputBytes: 0,
      netOutputBytes: 0,
      totalErrorReplies: 0,
      errorReplies: new Map(),
      totalBlockingKeys: 0,
      unexpectedErrorReplies: 0,
      opsSamples: [],
    };
    this.registry.addGroups(opts.commands);
    installEviction(this);
    this.broker = new Broker(this);
  }

  authRequired(): boolean {
    return this.config.get('requirepass') !== '';
  }

  /**
   * The write path: a handler changed `key` in `db`. Invalidates WATCH, fires the keyspace event,
   * wakes clients blocked on the key, and counts the change for propagation and saves.
   */
  modified(db: Database, key: string, type: string, event: string): void {
    this.dirty++;
    this.changes++;
    this.touchWatched(db.id, key);
    if (this.memoryTouched !== null) this.memoryTouched(db, key);
    if (this.notifyListeners.length > 0 && event !== '') this.notify(type, event, db.id, key);
    if (this.blocking.waiting > 0) this.blocking.signal(db, key);
  }

  /** Fires a keyspace event without counting a change (e.g. keymiss, or extra events of one write). */
  notify(type: string, event: string, db: number, key: string): void {
    for (const l of this.notifyListeners) l(type, event, db, key);
  }

  touchWatched(db: number, key: string): void {
    if (this.watchers.size === 0) return;
    const m = this.watchers.get(db);
    if (m === undefined) return;
    const set = m.get(key);
    if (set === undefined) return;
    for (const c of set) {
      if (c.watchDirty) continue;
      // A key already expired when watched and now reclaimed is no logical change (Redis 7.0).
      const w = c.watched?.find((x) => x.db === db && x.key === key);
      if (w !== undefined && w.expiredAtWatch && !this.keyspace.dbs[db].main.has(key)) {
        w.expiredAtWatch = false;
        continue;
      }
      c.watchDirty = true;
    }
  }

  /** FLUSHDB/FLUSHALL/SWAPDB: every watched key of the db that exists (or existed) is touched. */
  touchAllWatched(db: number, existed: (key: string) => boolean): void {
    const m = this.watchers.get(db);
    if (m === undefined) return;
    for (const [key, set] of m) {
      if (!existed(key)) continue;
      for (const c of set) c.watchDirty = true;
    }
  }

  /** Queues a write for the append-only log and replicas (in deterministic form). */
  propagate(db: number, argv: string[]): void {
    if (this.propagators.length === 0) return;
    this.propQueue.push({ db, argv });
  }

  /** A handler's way to say "propagate these instead of my own argv". An empty list propagates nothing. */
  rewriteAs(...argvs: string[][]): void {
    this.rewritten = argvs;
  }

  /** Sends the queued writes of a finished top-level command, wrapped in MULTI/EXEC when several. */
  flushPropagation(wrap: boolean): void {
    const q = this.propQueue;
    if (q.length === 0) return;
    this.propQueue = [];
    const multi = wrap && q.length > 1;
    for (const p of this.propagators) {
      if (multi) p.propagate(q[0].db, ['MULTI']);
      for (const w of q) p.propagate(w.db, w.argv);
      if (multi) p.propagate(q[0].db, ['EXEC']);
    }
  }

  private keyExpired(db: Database, key: string): void {
    this.stats.expiredKeys++;
    this.dirty++;
    this.touchWatched(db.id, key);
    this.propagate(db.id, ['DEL', key]);
    if (this.notifyListeners.length > 0) this.notify('x', 'expired', db.id, key);
  }

  /** Unwatch everything a client watches. */
  unwatchAll(c: Client): void {
    if (c.watched === null) return;
    for (const w of c.watched) {
      const m = this.watchers.get(w.db);
      const set = m?.get(w.key);
      if (set) {
        set.delete(c);
        if (set.size === 0) m!.delete(w.key);
        if (m!.size === 0) this.watchers.delete(w.db);
      }
    }
    c.watched = null;
    c.watchDirty = false;
  }

  /** Forget a client that disconnected. */
  removeClient(c: Client): void {
    this.blocking.unblock(c, false);
    this.unwatchAll(c);
    this.monitors.delete(c);
    this.clients.delete(c.id);
    for (const l of this.clientListeners) l(c);
  }

  /** The server is closing: no background work from now on. */
  close(): void {
    for (const l of this.closeListeners) l();
  }

  /** True when something other than the client's own state (subscriptions, blocking) exempts it from the idle timeout. */
  exemptFromIdle(c: Client): boolean {
    for (let i = 0; i < this.idleExemptions.length; i++) if (this.idleExemptions[i](c)) return true;
    return false;
  }
}
