/**
 * Server administration: INFO, TIME, LASTSAVE, SHUTDOWN, MONITOR, SLOWLOG, LATENCY (latency-command.ts)
 * and DEBUG (SLEEP only), with Redis 7.0's replies.
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { infoText, lastSaveTime } from '../../engine/info.ts';
import { latencyCommands } from './latency-command.ts';
import { configString } from '../../engine/latency.ts';

export const serverCommands: CommandDef[] = [
  { name: 'info', arity: -1, flags: ['loading', 'stale'], run: infoCommand },
  { name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], run: timeCommand },
  { name: 'lastsave', arity: 1, flags: ['loading', 'stale', 'fast'], run: (c) => c.reply.integer(lastSaveTime(c.engine)) },
  { name: 'shutdown', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'sentinel', 'allow_busy'], run: shutdownCommand },
  { name: 'monitor', arity: 1, flags: ['admin', 'noscript', 'loading', 'stale'], run: monitorCommand },
  {
    name: 'slowlog',
    arity: -2,
    flags: [],
    subcommands: [
      { name: 'get', arity: -2, flags: ['admin', 'loading', 'stale'], run: slowlogGetCommand },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], run: slowlogHelpCommand },
      { name: 'len', arity: 2, flags: ['admin', 'loading', 'stale'], run: (c) => c.reply.integer(c.engine.slowlog.entries.length) },
      { name: 'reset', arity: 2, flags: ['admin', 'loading', 'stale'], run: slowlogResetCommand },
    ],
  },
  ...latencyCommands,
  { name: 'debug', arity: -2, flags: ['admin', 'noscript', 'loading', 'stale', 'protected'], run: debugCommand },
];

/** INFO replies a verbatim string in RESP3 (plain bulk in RESP2), as Redis 7.0. */
function infoCommand(c: Client, args: string[]): void {
  c.reply.verbatim(infoText(c.engine, c, args.slice(1)));
}

function timeCommand(c: Client): void {
  const e = c.engine;
  // Microseconds from the high-resolution clock when the wall clock is the system's.
  const us = e.systemClock !== null ? Math.floor((performance.timeOrigin + performance.now()) * 1000) : e.clock.now() * 1000;
  c.reply.array(2);
  c.reply.bulk(String(Math.floor(us / 1e6)));
  c.reply.bulk(String(us % 1e6));
}

function shutdownCommand(c: Client, args: string[]): void {
  let nosave = false;
  let save = false;
  let now = false;
  let force = false;
  let abort = false;
  for (let i = 1; i < args.length; i++) {
    const opt = args[i].toLowerCase();
    if (opt === 'nosave') nosave = true;
    else if (opt === 'save') save = true;
    else if (opt === 'now') now = true;
    else if (opt === 'force') force = true;
    else if (opt === 'abort') abort = true;
    else fail(Err.syntax);
  }
  if ((abort && (nosave || save || now || force)) || (nosave && save)) fail(Err.syntax);
  // Podium shuts down at once, so there is never a shutdown to abort.
  if (abort) fail(Err.noShutdownInProgress);
  const hook = c.engine.hooks.shutdown;
  if (hook === undefined) fail(Err.shutdownFailed);
  const err = hook({ save: nosave ? false : save ? true : null, now, force });
  if (err !== null) fail(err);
  // No reply: the connection closes as the server stops. Nothing after SHUTDOWN runs.
  c.closing = true;
}

function monitorCommand(c: Client): void {
  if (!c.mayBlock()) fail(Err.monitorDenyBlocking);
  // A client already monitoring gets no reply at all, as in Redis.
  if (c.monitor) return;
  c.monitor = true;
  c.engine.monitors.add(c);
  c.reply.simple('OK');
}

const SLOWLOG_HELP = [
  'SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
  'HELP',
  '    Prints this help.',
];

function slowlogHelpCommand(c: Client): void {
  c.reply.array(SLOWLOG_HELP.length);
  for (const line of SLOWLOG_HELP) c.reply.simple(line);
}

function slowlogResetCommand(c: Client): void {
  c.engine.slowlog.reset();
  c.reply.simple('OK');
}

function slowlogGetCommand(c: Client, args: string[]): void {
  if (args.length > 3) fail(Err.subcommandSyntax(args[1], args[0]));
  let count = 10;
  if (args.length === 3) {
    const n = parseIntNumber(args[2]);
    if (n === null || n < -1) fail(Err.slowlogCount);
    count = n;
  }
  const entries = c.engine.slowlog.entries;
  const n = count === -1 ? entries.length : Math.min(count, entries.length);
  const r = c.reply;
  r.array(n);
  for (let i = 0; i < n; i++) {
    const en = entries[i];
    r.array(6);
    r.integer(en.id);
    r.integer(en.time);
    r.integer(en.usec);
    r.array(en.argv.length);
    for (const a of en.argv) r.bulk(a);
    r.bulk(en.peer);
    r.bulk(en.name);
  }
}

/** enable-debug-command: "no" (Redis's default), "yes", or "local" (loopback connections only). */
function debugAllowed(c: Client): boolean {
  const v = configString(c.engine.config, 'enable-debug-command', 'no');
  if (v === 'yes') return true;
  if (v !== 'local') return false;
  const addr = c.link.addr;
  return c.link.kind === 'unix' || addr.startsWith('127.') || addr.startsWith('[::1]') || addr.startsWith('::1') || c.internal;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function debugCommand(c: Client, args: string[]): void {
  if (!debugAllowed(c)) fail(Err.debugNotAllowed);
  const sub = args[1].toLowerCase();
  if (sub === 'sleep' && args.length === 3) {
    // strtod semantics: a leading number, anything else is 0. The whole server sleeps, as in Redis.
    const secs = parseFloat(args[2]);
    const ms = Number.isFinite(secs) && secs > 0 ? secs * 1000 : 0;
    if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
    c.reply.simple('OK');
    return;
  }
  fail(Err.subcommandSyntax(args[1], args[0]));
}
