/**
 * A connected client as the engine sees it, whatever transport it came in by. Transports create one,
 * feed it parsed commands (Engine.process) and flush its writer; the engine never touches sockets.
 */
import type { Reply } from './reply.ts';
import type { Database } from '../store/keyspace.ts';
import type { Engine } from './engine.ts';
import type { Command } from './command.ts';
import type { ChannelFanout } from './broker.ts';

/** What the engine may ask of the transport behind a client. */
export interface ClientLink {
  /** tcp, ws, http, or an internal kind (lua, aof, replica) for fake clients. */
  readonly kind: string;
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  /** Output was produced outside of a read batch (unblocked, pushed message): flush soon. */
  wake(): void;
  /** Close the connection after writing what is pending (QUIT, CLIENT KILL, protocol errors). */
  close(): void;
  /** Bytes waiting in the transport's output buffer (CLIENT LIST omem, output buffer limits). */
  outputBytes(): number;
  /** Bytes held by the input parser (CLIENT LIST qbuf). */
  inputBytes(): number;
  /** Set by a transport that delivers exact-channel messages itself (pub/sub broker skips its writer). */
  fanout?: ChannelFanout;
}

export interface MultiState {
  queue: { cmd: Command; argv: string[] }[];
  /** A queue-time error happened: EXEC answers EXECABORT. */
  failed: boolean;
}

export interface WatchedKey {
  db: number;
  key: string;
  /** The key was already logically expired when watched (then its expiry is not a change). */
  expiredAtWatch: boolean;
}

export interface BlockedState {
  db: Database;
  keys: string[];
  /** Absolute ms; 0 = forever. */
  timeoutAt: number;
  timer: NodeJS.Timeout | null;
  /** Tries to serve the client from `key`; true when it did (and wrote the reply). */
  tryServe(key: string): boolean;
  /** Writes the timeout reply. */
  onTimeout(): void;
  /** The blocked command, for CLIENT LIST and stats. */
  cmd: Command;
}

/** Replies are dropped while CLIENT REPLY OFF / SKIP is in force. */
export const NULL_REPLY: Reply = {
  simple() {},
  error() {},
  integer() {},
  bulk() {},
  null() {},
  nullArray() {},
  array() {},
  map() {},
  set() {},
  double() {},
  bool() {},
  verbatim() {},
  push() {},
};

export class Client {
  readonly id: number;
  name = '';
  db: Database;
  resp: 2 | 3 = 2;
  authenticated: boolean;
  user = 'default';
  /** Where handlers write: the transport's writer, or NULL_REPLY when replies are off. */
  reply: Reply;
  /** CLIENT REPLY OFF is in force. */
  replyOff = false;
  /** CLIENT REPLY SKIP: drop the reply of the next command. */
  replySkipNext = false;
  /** Running inside EXEC: blocking commands must not block. */
  inExec = false;
  multi: MultiState | null = null;
  watched: WatchedKey[] | null = null;
  /** A watched key changed: EXEC must fail. */
  watchDirty = false;
  blocked: BlockedState | null = null;
  /** Commands that arrived while blocked, run once unblocked (pipelines keep their order). */
  queued: string[][] = [];
  /** No more commands are read; close once the output is written. */
  closing = false;
  noEvict = false;
  monitor = false;
  readonly createdAt: number;
  lastInteraction: number;
  lastCmd = 'NULL';
  /** Lua/AOF/replication fake clients skip auth, limits and stats that only real clients have. */
  readonly internal: boolean;
  /** Pub/sub state (counts kept here so the subscriber-context check is cheap). */
  subscriptions = 0;

  constructor(
    readonly engine: Engine,
    readonly writer: Reply & { proto: 2 | 3 },
    readonly link: ClientLink,
    options: { internal?: boolean } = {},
  ) {
    this.id = engine.nextClientId++;
    this.db = engine.keyspace.dbs[0];
    this.reply = writer;
    this.internal = options.internal ?? false;
    this.authenticated = this.internal || !engine.authRequired();
    this.createdAt = engine.clock.now();
    this.lastInteraction = this.createdAt;
  }

  /** Blocking commands may block (not inside MULTI/EXEC, not in scripts or replays). */
  mayBlock(): boolean {
    return !this.internal && !this.inExec;
  }

  get dbIndex(): number {
    return this.db.id;
  }

  setResp(v: 2 | 3): void {
    this.resp = v;
    this.writer.proto = v;
  }
}
