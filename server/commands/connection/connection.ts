/** Connection commands: PING, ECHO, SELECT, QUIT, HELLO, AUTH, RESET. */
import type { CommandDef } from '../../engine/command.ts';
import { NULL_REPLY, type Client } from '../../engine/client.ts';
import { intArg, parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { REDIS_VERSION } from '../../engine/info.ts';

export const connectionCommands: CommandDef[] = [
  { name: 'ping', arity: -1, flags: ['fast', 'sentinel'], run: pingCommand },
  { name: 'echo', arity: 2, flags: ['loading', 'stale', 'fast'], run: (c, a) => c.reply.bulk(a[1]) },
  { name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], run: selectCommand },
  { name: 'quit', arity: -1, flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'], run: quitCommand },
  { name: 'hello', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'], run: helloCommand },
  { name: 'auth', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'], run: authCommand },
  { name: 'reset', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], run: resetCommand },
];


function pingCommand(c: Client, args: string[]): void {
  if (args.length > 2) fail(Err.wrongArity('ping'));
  if (c.subscriptions > 0 && c.resp === 2) {
    c.reply.array(2);
    c.reply.bulk('pong');
    c.reply.bulk(args.length === 2 ? args[1] : '');
    return;
  }
  if (args.length === 2) c.reply.bulk(args[1]);
  else c.reply.simple('PONG');
}

function selectCommand(c: Client, args: string[]): void {
  const id = intArg(args[1]);
  // getIntFromObjectOrReply: a valid integer beyond a C int gets its own range error.
  if (id > 2147483647 || id < -2147483648) fail(Err.int32Range);
  if (id < 0 || id >= c.engine.keyspace.dbs.length) fail(Err.invalidDbIndex);
  c.db = c.engine.keyspace.dbs[id];
  c.reply.simple('OK');
}

function quitCommand(c: Client): void {
  c.reply.simple('OK');
  c.closing = true;
  c.link.close();
}

/**
 * The only user is "default": its password is requirepass, and with no requirepass it has `nopass`,
 * so any password is accepted for it (as in Redis).
 */
function authenticate(c: Client, user: string, pass: string): boolean {
  if (user !== 'default') return false;
  const required = c.engine.config.get('requirepass');
  if (required !== '' && pass !== required) return false;
  c.authenticated = true;
  c.user = 'default';
  return true;
}

function authCommand(c: Client, args: string[]): void {
  if (args.length > 3) fail(Err.syntax);
  const user = args.length === 2 ? 'default' : args[1];
  const pass = args[args.length - 1];
  // Credentials never reach MONITOR or SLOWLOG: Redis shows "(redacted)" for each of them.
  for (let i = 1; i < args.length; i++) args[i] = '(redacted)';
  if (args.length === 2 && !c.engine.authRequired()) fail(Err.authNoPassword);
  if (!authenticate(c, user, pass)) fail(Err.wrongPass);
  c.reply.simple('OK');
}

/** Redis accepts names made only of printable ASCII without spaces ('!'..'~'); "" removes the name. */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 33 || ch > 126) return false;
  }
  return true;
}

export function setClientName(c: Client, name: string): void {
  if (!validClientName(name)) fail(Err.clientNameInvalid);
  c.name = name;
}

function helloCommand(c: Client, args: string[]): void {
  let ver = 0;
  let i = 1;
  if (args.length >= 2) {
    const v = parseIntNumber(args[1]);
    if (v === null) fail(Err.helloProtoNotInt);
    if (v < 2 || v > 3) fail(Err.noProto);
    ver = v;
    i = 2;
  }
  // Options take effect one by one, as in Redis 7.0: AUTH or SETNAME before a bad option still apply.
  for (; i < args.length; i++) {
    const more = args.length - 1 - i;
    const opt = args[i].toLowerCase();
    if (opt === 'auth' && more >= 2) {
      const ok = authenticate(c, args[i + 1], args[i + 2]);
      args[i + 1] = '(redacted)';
      args[i + 2] = '(redacted)';
      if (!ok) fail(Err.wrongPass);
      i += 2;
    } else if (opt === 'setname' && more >= 1) {
      setClientName(c, args[i + 1]);
      i++;
    } else {
      fail(Err.helloSyntax(args[i]));
    }
  }
  if (!c.authenticated) fail(Err.helloNoAuth);
  if (ver !== 0) c.setResp(ver as 2 | 3);
  const r = c.reply;
  r.map(7);
  r.bulk('server');
  r.bulk('redis');
  r.bulk('version');
  r.bulk(REDIS_VERSION);
  r.bulk('proto');
  r.integer(c.resp);
  r.bulk('id');
  r.integer(c.id);
  r.bulk('mode');
  r.bulk('standalone');
  r.bulk('role');
  r.bulk('master');
  r.bulk('modules');
  r.array(0);
}

/** RESET: the connection as if just opened (Redis's clearClientConnectionState). */
export function resetCommand(c: Client): void {
  const e = c.engine;
  if (c.monitor) {
    c.monitor = false;
    e.monitors.delete(c);
  }
  c.db = e.keyspace.dbs[0];
  c.setResp(2);
  c.user = 'default';
  c.authenticated = !e.authRequired();
  c.multi = null;
  e.unwatchAll(c);
  for (const l of e.resetListeners) l(c);
  c.name = '';
  // REPLY OFF ends here, so RESET's own reply is sent; a pending SKIP of this very command still holds.
  if (c.replyOff) {
    c.replyOff = false;
    if (c.reply === NULL_REPLY) c.reply = c.writer;
  }
  c.replySkipNext = false;
  c.reply.simple('RESET');
}
