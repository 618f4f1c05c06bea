/**
 * CLIENT: connection introspection and control (ID, SETNAME/GETNAME, LIST/INFO, KILL, REPLY,
 * NO-EVICT, PAUSE/UNPAUSE, UNBLOCK, GETREDIR, TRACKING*, CACHING, HELP) with Redis 7.0's replies.
 */
import type { CommandDef } from '../../engine/command.ts';
import { NULL_REPLY, type Client } from '../../engine/client.ts';
import type { Engine } from '../../engine/engine.ts';
import { parseInt64, parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { countError } from '../../engine/dispatch.ts';
import { setClientName } from './connection.ts';
import { clientInfoLine, clientType, clientTypeByName } from '../../engine/client-info.ts';
import { isPostponed, pauseClients, unpauseClients } from '../../engine/client-pause.ts';

const sub = (
  name: string,
  arity: number,
  flags: CommandDef['flags'],
  since: string,
  summary: string,
  complexity: string,
  run: CommandDef['run'],
  docs: Pick<CommandDef, 'tips' | 'history'> = {},
): CommandDef => ({ name, arity, flags, run, ...docs });

const CLIENT_LIST_HISTORY: CommandDef['history'] = [
  ['2.8.12', 'Added unique client `id` field.'],
  ['5.0.0', 'Added optional `TYPE` filter.'],
  ['6.0.0', 'Added `user` field.'],
  ['6.2.0', 'Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.'],
  ['7.0.0', 'Added `resp`, `multi-mem`, `rbs` and `rbp` fields.'],
  ['7.0.3', 'Added `ssub` field.'],
];
const CLIENT_KILL_HISTORY: CommandDef['history'] = [
  ['2.8.12', 'Added new filter format.'],
  ['2.8.12', '`ID` option.'],
  ['3.2.0', 'Added `master` type in for `TYPE` option.'],
  ['5.0.0', 'Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.'],
  ['6.2.0', '`LADDR` option.'],
];

const INT64_MAX = 9223372036854775807n;

const ADMIN = ['admin', 'noscript', 'loading', 'stale'] as const;
const PLAIN = ['noscript', 'loading', 'stale'] as const;

export const clientCommands: CommandDef[] = [
  {
    name: 'client',
    arity: -2,
    flags: [],
    subcommands: [
      sub('caching', 3, PLAIN, '6.0.0', 'Instruct the server about tracking or not keys in the next request', 'O(1)', clientCachingCommand),
      sub('getname', 2, PLAIN, '2.6.9', 'Get the current connection name', 'O(1)', clientGetnameCommand),
      sub('getredir', 2, PLAIN, '6.0.0', 'Get tracking notifications redirection client ID if any', 'O(1)', (c) => c.reply.integer(-1)),
      sub('help', 2, ['loading', 'stale'], '5.0.0', 'Show helpful text about the different subcommands', 'O(1)', clientHelpCommand),
      sub('id', 2, PLAIN, '5.0.0', 'Returns the client ID for the current connection', 'O(1)', (c) => c.reply.integer(c.id)),
      sub('info', 2, PLAIN, '6.2.0', 'Returns information about the current client connection.', 'O(1)', clientInfoCommand, { tips: ['nondeterministic_output'] }),
      sub('kill', -3, ADMIN, '2.4.0', 'Kill the connection of a client', 'O(N) where N is the number of client connections', clientKillCommand, { history: CLIENT_KILL_HISTORY }),
      sub('list', -2, ADMIN, '2.4.0', 'Get the list of client connections', 'O(N) where N is the number of client connections', clientListCommand, { tips: ['nondeterministic_output'], history: CLIENT_LIST_HISTORY }),
      sub('no-evict', 3, ADMIN, '7.0.0', 'Set client eviction mode for the current connection', 'O(1)', clientNoEvictCommand),
      sub('pause', -3, ADMIN, '2.9.50', 'Stop processing commands from clients for some time', 'O(1)', clientPauseCommand, { history: [['6.2.0', '`CLIENT PAUSE WRITE` mode added along with the `mode` option.']] }),
      sub('reply', 3, PLAIN, '3.2.0', 'Instruct the server whether to reply to commands', 'O(1)', clientReplyCommand),
      sub('setname', 3, PLAIN, '2.6.9', 'Set the current connection name', 'O(1)', clientSetnameCommand),
      sub('tracking', -3, PLAIN, '6.0.0', 'Enable or disable server assisted client side caching support', 'O(1). Some options may introduce additional complexity.', clientTrackingCommand),
      sub('trackinginfo', 2, PLAIN, '6.2.0', 'Return information about server assisted client side caching for the current connection', 'O(1)', clientTrackinginfoCommand),
      sub('unblock', -3, ADMIN, '5.0.0', 'Unblock a client blocked in a blocking command from a different connection', 'O(log N) where N is the number of client connections', clientUnblockCommand),
      sub('unpause', 2, ADMIN, '6.2.0', 'Resume processing of clients that were paused', 'O(N) Where N is the number of paused clients', clientUnpauseCommand),
    ],
  },
];

const HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
  'HELP',
  '    Prints this help.',
];

function clientHelpCommand(c: Client): void {
  c.reply.array(HELP.length);
  for (const line of HELP) c.reply.simple(line);
}

function clientGetnameCommand(c: Client): void {
  if (c.name === '') c.reply.null();
  else c.reply.bulk(c.name);
}

function clientSetnameCommand(c: Client, args: string[]): void {
  setClientName(c, args[2]);
  c.reply.simple('OK');
}

/** The clients CLIENT LIST / KILL see: real connections, not Lua/AOF/replication fake clients. */
function* visibleClients(e: Engine): IterableIterator<Client> {
  for (const cl of e.clients.values()) if (!cl.internal) yield cl;
}

function clientInfoCommand(c: Client, args: string[]): void {
  c.reply.verbatim(clientInfoLine(c, c, args) + '\n');
}

function clientListCommand(c: Client, args: string[]): void {
  const e = c.engine;
  let out = '';
  if (args.length === 4 && args[2].toLowerCase() === 'type') {
    const type = clientTypeByName(args[3]);
    if (type === null) fail(Err.unknownClientType(args[3]));
    for (const cl of visibleClients(e)) if (clientType(cl) === type) out += clientInfoLine(cl, c, args) + '\n';
  } else if (args.length > 3 && args[2].toLowerCase() === 'id') {
    const ids: number[] = [];
    for (let i = 3; i < args.length; i++) {
      const id = parseIntNumber(args[i]);
      if (id === null) fail(Err.invalidClientId);
      ids.push(id);
    }
    for (const id of ids) {
      const cl = e.clients.get(id);
      if (cl !== undefined && !cl.internal) out += clientInfoLine(cl, c, args) + '\n';
    }
  } else if (args.length !== 2) {
    fail(Err.syntax);
  } else {
    for (const cl of visibleClients(e)) out += clientInfoLine(cl, c, args) + '\n';
  }
  c.reply.verbatim(out);
}

interface KillFilter {
  addr: string | null;
  laddr: string | null;
  type: string | null;
  id: number;
  user: string | null;
  skipme: boolean;
}

function clientKillCommand(c: Client, args: string[]): void {
  const f: KillFilter = { addr: null, laddr: null, type: null, id: 0, user: null, skipme: true };
  const oldForm = args.length === 3;
  if (oldForm) {
    // CLIENT KILL <addr>: the old form may kill the caller itself.
    f.addr = args[2];
    f.skipme = false;
  } else if (args.length % 2 === 0) {
    for (let i = 2; i < args.length; i += 2) {
      const opt = args[i].toLowerCase();
      const v = args[i + 1];
      if (opt === 'id') {
        const id = parseIntNumber(v);
        if (id === null || id < 1) fail(Err.clientIdPositive);
        f.id = id;
      } else if (opt === 'type') {
        f.type = clientTypeByName(v);
        if (f.type === null) fail(Err.unknownClientType(v));
      } else if (opt === 'addr') {
        f.addr = v;
      } else if (opt === 'laddr') {
        f.laddr = v;
      } else if (opt === 'user') {
        if (v !== 'default') fail(Err.noSuchUser(v));
        f.user = v;
      } else if (opt === 'skipme') {
        const s = v.toLowerCase();
        if (s === 'yes') f.skipme = true;
        else if (s === 'no') f.skipme = false;
        else fail(Err.syntax);
      } else {
        fail(Err.syntax);
      }
    }
  } else {
    fail(Err.syntax);
  }

  let killed = 0;
  let killSelf = false;
  for (const cl of [...visibleClients(c.engine)]) {
    if (f.addr !== null && cl.link.addr !== f.addr) continue;
    if (f.laddr !== null && cl.link.laddr !== f.laddr) continue;
    if (f.type !== null && clientType(cl) !== f.type) continue;
    if (f.id !== 0 && cl.id !== f.id) continue;
    if (f.user !== null && cl.user !== f.user) continue;
    if (cl === c) {
      if (f.skipme) continue;
      killSelf = true;
    } else {
      cl.link.close();
    }
    killed++;
  }

  if (oldForm) {
    if (killed === 0) fail(Err.noSuchClient);
    c.reply.simple('OK');
  } else {
    c.reply.integer(killed);
  }
  // Killing the caller closes it after this reply is written, as Redis's CLIENT_CLOSE_AFTER_REPLY.
  if (killSelf) {
    c.closing = true;
    c.link.close();
  }
}

function clientReplyCommand(c: Client, args: string[]): void {
  const mode = args[2].toLowerCase();
  if (mode === 'on') {
    c.replyOff = false;
    c.replySkipNext = false;
    // ON is answered even when it ends an OFF (Redis clears the flags before replying).
    if (c.reply === NULL_REPLY) c.reply = c.writer;
    c.reply.simple('OK');
  } else if (mode === 'off') {
    c.replyOff = true;
    c.reply = NULL_REPLY;
  } else if (mode === 'skip') {
    if (!c.replyOff) c.replySkipNext = true;
    c.reply = NULL_REPLY;
  } else {
    fail(Err.syntax);
  }
}

function clientNoEvictCommand(c: Client, args: string[]): void {
  const v = args[2].toLowerCase();
  if (v === 'on') c.noEvict = true;
  else if (v === 'off') c.noEvict = false;
  else fail(Err.syntax);
  c.reply.simple('OK');
}

function clientPauseCommand(c: Client, args: string[]): void {
  if (args.length > 4) fail(Err.subcommandSyntax(args[1], args[0]));
  let mode: 'write' | 'all' = 'all';
  if (args.length === 4) {
    const m = args[3].toLowerCase();
    if (m === 'write') mode = 'write';
    else if (m !== 'all') fail(Err.pauseMode);
  }
  const ms = parseInt64(args[2]);
  if (ms === null) fail(Err.timeoutNotInteger);
  if (ms < 0n) fail(Err.timeoutNegative);
  const now = c.engine.clock.now();
  if (ms > INT64_MAX - BigInt(now)) fail(Err.timeoutOutOfRange);
  // Beyond 2^53 ms the pause is forever in practice; keep the end a safe JS number.
  const end = ms === 0n ? 0 : Math.min(Number.MAX_SAFE_INTEGER, now + Number(ms));
  pauseClients(c.engine, mode, end);
  c.reply.simple('OK');
}

function clientUnpauseCommand(c: Client): void {
  unpauseClients(c.engine);
  c.reply.simple('OK');
}

function clientUnblockCommand(c: Client, args: string[]): void {
  if (args.length > 4) fail(Err.subcommandSyntax(args[1], args[0]));
  let withError = false;
  if (args.length === 4) {
    const r = args[3].toLowerCase();
    if (r === 'error') withError = true;
    else if (r !== 'timeout') fail(Err.unblockReason);
  }
  const id = parseIntNumber(args[2]);
  if (id === null) fail(Err.notInteger);
  const target = c.engine.clients.get(id);
  // Clients parked by CLIENT PAUSE are not blocked on anything a reply could end.
  if (target === undefined || target.blocked === null || isPostponed(target)) {
    c.reply.integer(0);
    return;
  }
  c.engine.blocking.cancel(target, withError);
  if (withError) countError(c.engine, 'UNBLOCKED client unblocked via CLIENT UNBLOCK');
  c.reply.integer(1);
}

/**
 * Client-side caching is not implemented: the options are validated as Redis does, OFF is accepted
 * (tracking is never on), and ON is refused with an explicit error rather than silently not tracking.
 */
function clientTrackingCommand(c: Client, args: string[]): void {
  let redir = 0;
  for (let j = 3; j < args.length; j++) {
    const more = args.length - 1 - j;
    const opt = args[j].toLowerCase();
    if (opt === 'redirect' && more > 0) {
      j++;
      if (redir !== 0) fail(Err.trackingRedirectTwice);
      const id = parseIntNumber(args[j]);
      if (id === null) fail(Err.notInteger);
      if (!c.engine.clients.has(id)) fail(Err.trackingRedirectMissing);
      redir = id;
    } else if (opt === 'prefix' && more > 0) {
      j++;
    } else if (opt !== 'bcast' && opt !== 'optin' && opt !== 'optout' && opt !== 'noloop') {
      fail(Err.syntax);
    }
  }
  const onoff = args[2].toLowerCase();
  if (onoff === 'on') fail(Err.trackingUnsupported);
  if (onoff !== 'off') fail(Err.syntax);
  c.reply.simple('OK');
}

function clientTrackinginfoCommand(c: Client): void {
  const r = c.reply;
  r.map(3);
  r.bulk('flags');
  r.set(1);
  r.bulk('off');
  r.bulk('redirect');
  r.integer(-1);
  r.bulk('prefixes');
  r.array(0);
}

function clientCachingCommand(): void {
  fail(Err.cachingNotTracking);
}
