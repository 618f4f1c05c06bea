/**
 * Dispatch: the one path every command takes, from any transport (TCP, WebSocket, HTTP), from EXEC,
 * from Lua's redis.call, from AOF replay and replication. Lookup, arity, auth, context checks and
 * MULTI queueing are decided here once; handlers only do their command.
 */
import { CommandError, Err } from './errors.ts';
import { FLAG_BITS, type Command } from './command.ts';
import { NULL_REPLY, type Client } from './client.ts';
import type { Engine } from './engine.ts';
import { formatMonitorLine } from './monitor-format.ts';

const F_WRITE = FLAG_BITS.write;
const F_NO_AUTH = FLAG_BITS.no_auth;
const F_DENYOOM = FLAG_BITS.denyoom;
const F_SKIP_MONITOR = FLAG_BITS.skip_monitor;
const F_ADMIN = FLAG_BITS.admin;
const F_NO_MULTI = FLAG_BITS.no_multi;
const F_SKIP_SLOWLOG = FLAG_BITS.skip_slowlog;
const F_LOADING = FLAG_BITS.loading;

/** Commands that run immediately inside MULTI instead of being queued. */
const MULTI_IMMEDIATE = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
/** Commands allowed in the RESP2 subscriber context. */
const SUBSCRIBER_ALLOWED = new Set([
  'subscribe',
  'ssubscribe',
  'unsubscribe',
  'sunsubscribe',
  'psubscribe',
  'punsubscribe',
  'ping',
  'quit',
  'reset',
]);

/** Entry point for a parsed request from a client. */
export function processCommand(e: Engine, c: Client, argv: string[]): void {
  if (c.closing) return;
  if (c.blocked !== null || c.queued.length > 0) {
    c.queued.push(argv);
    return;
  }
  runTopLevel(e, c, argv);
}

/** Runs the commands that arrived while the client was blocked, until it blocks again. */
export function drainQueued(e: Engine, c: Client): void {
  while (c.blocked === null && c.queued.length > 0 && !c.closing) {
    runTopLevel(e, c, c.queued.shift()!);
  }
}

/** Resolves a command (and subcommand) or produces Redis's error for it. */
export function resolveCommand(e: Engine, argv: string[]): Command | string {
  let cmd = e.registry.lookup(argv[0]);
  if (cmd === undefined) return Err.unknownCommand(argv[0], argv.slice(1, 21).map((a) => a.slice(0, 128)));
  if (cmd.subcommands !== null && argv.length >= 2) {
    const sub = cmd.subcommands.get(argv[1].toLowerCase());
    if (sub === undefined) return Err.unknownSubcommand(argv[1].slice(0, 128), argv[0]);
    cmd = sub;
  }
  const n = argv.length;
  if ((cmd.arity > 0 && n !== cmd.arity) || n < -cmd.arity) return Err.wrongArity(cmd.fullName);
  return cmd;
}

function runTopLevel(e: Engine, c: Client, argv: string[]): void {
  const now = e.clock.now();
  e.keyspace.now = now;
  c.lastInteraction = now;
  if (c.replySkipNext) {
    c.replySkipNext = false;
    c.reply = NULL_REPLY;
  } else {
    c.reply = c.replyOff ? NULL_REPLY : c.writer;
  }

  const resolved = resolveCommand(e, argv);
  if (typeof resolved === 'string') {
    reject(e, c, knownCommand(e, argv), resolved);
    return;
  }
  const cmd = resolved;
  c.lastCmd = cmd.fullName;
  const flags = cmd.flags;

  // Redis asks authRequired(): a client never authenticated may run commands once requirepass is cleared.
  if (!c.authenticated && (flags & F_NO_AUTH) === 0 && e.authRequired()) {
    reject(e, c, cmd, Err.noAuth);
    return;
  }
  if (c.multi !== null && (flags & F_NO_MULTI) !== 0) {
    reject(e, c, cmd, 'ERR Command not allowed inside a transaction');
    return;
  }
  // Redis 7.0 processCommand: with maxmemory set, every command first evicts what it must (before the
  // loading and subscriber-context checks); replicated and AOF clients are never refused.
  if (e.checkMemory !== null && !c.internal) {
    const oom = e.checkMemory(c);
    e.preCommandOom = oom;
    if (oom && rejectOnOom(c, cmd, flags)) {
      reject(e, c, cmd, Err.oom);
      return;
    }
  }
  if (e.loading && (flags & F_LOADING) === 0) {
    reject(e, c, cmd, 'LOADING Redis is loading the dataset in memory');
    return;
  }
  if (c.subscriptions > 0 && c.resp === 2 && !SUBSCRIBER_ALLOWED.has(cmd.parent ? cmd.parent.fullName : cmd.fullName)) {
    reject(e, c, cmd, Err.notAllowedInSubscribe(cmd.fullName));
    return;
  }
  if (e.postpone !== null && e.postpone(c, cmd, argv)) return;
  if (c.multi !== null && !MULTI_IMMEDIATE.has(cmd.fullName)) {
    c.multi.queue.push({ cmd, argv });
    c.reply.simple('QUEUED');
    return;
  }

  call(e, c, cmd, argv, e.systemClock !== null ? e.systemClock.lastPerf : performance.now());
  e.flushPropagation(true);
  if (e.blocking.hasReady) e.blocking.serveReady();
  c.reply = c.writer;
}

/**
 * Refused when over maxmemory: denyoom commands, EXEC of a transaction that queued one, and anything
 * sent inside MULTI (queueing could grow without bound) except EXEC, DISCARD, QUIT and RESET.
 */
function rejectOnOom(c: Client, cmd: Command, flags: number): boolean {
  if ((flags & F_DENYOOM) !== 0) return true;
  const name = cmd.fullName;
  if (name === 'exec') return c.multi !== null && c.multi.queue.some((q) => (q.cmd.flags & F_DENYOOM) !== 0);
  return c.multi !== null && name !== 'discard' && name !== 'quit' && name !== 'reset';
}

/** The command a wrong-arity call names (Redis counts it in rejected_calls); null when unknown. */
function knownCommand(e: Engine, argv: string[]): Command | null {
  const cmd = e.registry.lookup(argv[0]);
  if (cmd === undefined || cmd.subcommands === null || argv.length < 2) return cmd ?? null;
  return cmd.subcommands.get(argv[1].toLowerCase()) ?? null;
}

function reject(e: Engine, c: Client, cmd: Command | null, err: string): void {
  if (cmd) cmd.rejectedCalls++;
  if (c.multi !== null) c.multi.failed = true;
  if (cmd !== null && cmd.fullName === 'exec') {
    // A refused EXEC discards any transaction (Redis's execCommandAbort, in or out of MULTI); the
    // text drops the implied "ERR " and names the reason.
    c.multi = null;
    e.unwatchAll(c);
    err = `EXECABORT Transaction discarded because of: ${err.startsWith('ERR ') ? err.slice(4) : err}`;
  }
  countError(e, err);
  c.reply.error(err);
  c.reply = c.writer;
}

export function countError(e: Engine, err: string): void {
  e.stats.totalErrorReplies++;
  const sp = err.indexOf(' ');
  const code = sp > 0 ? err.slice(0, sp) : err;
  e.stats.errorReplies.set(code, (e.stats.errorReplies.get(code) ?? 0) + 1);
}

/**
 * Runs one resolved command for a client: the handler, stats, slowlog, monitors, and propagation of
 * what it wrote. Used by top-level dispatch, EXEC and scripts.
 */
export function call(e: Engine, c: Client, cmd: Command, argv: string[], start?: number): void {
  const changesBefore = e.changes;
  const prevRewritten = e.rewritten;
  e.rewritten = null;
  const t0 = start ?? performance.now();
  let failed = false;
  try {
    cmd.run!(c, argv);
  } catch (err) {
    failed = true;
    if (err instanceof CommandError) {
      c.reply.error(err.reply);
      countError(e, err.reply);
    } else {
      // A bug in a handler must not take the server down; report it like Redis reports an assertion.
      const msg = `ERR internal error in '${cmd.fullName}': ${(err as Error)?.message ?? String(err)}`;
      console.error(err);
      e.stats.unexpectedErrorReplies++;
      c.reply.error(msg);
      countError(e, msg);
    }
  }
  const usec = (performance.now() - t0) * 1000;
  // Monitors see the command after it ran, as Redis 7.0: with its db after SELECT and its secrets
  // redacted by the handler (AUTH, HELLO AUTH), EXEC after the commands it ran.
  if (e.monitors.size > 0 && (cmd.flags & (F_SKIP_MONITOR | F_ADMIN)) === 0) feedMonitors(e, c, argv);
  cmd.calls++;
  cmd.usec += usec;
  e.latency.record(cmd, usec);
  if (failed) cmd.failedCalls++;
  e.stats.commandsProcessed++;
  if (e.changes !== changesBefore && (cmd.flags & F_WRITE) !== 0) {
    const db = c.db.id;
    const rewritten = e.rewritten as string[][] | null; // set by the handler, if at all
    if (rewritten !== null) for (const argvOut of rewritten) e.propagate(db, argvOut);
    else e.propagate(db, argv);
  }
  e.rewritten = prevRewritten;
  if ((cmd.flags & F_SKIP_SLOWLOG) === 0) e.slowlog.maybeRecord(c, argv, usec);
}

function feedMonitors(e: Engine, c: Client, argv: string[]): void {
  const line = formatMonitorLine(e.clock.now(), c, argv);
  for (const m of e.monitors) {
    m.writer.simple(line);
    m.link.wake();
  }
}
