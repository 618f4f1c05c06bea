/** Connection commands: PING, ECHO, SELECT, QUIT, ... */
import type { CommandDef } from './command.ts';
import type { Client } from './client.ts';
import { intArg } from './args.ts';
import { Err, fail } from './errors.ts';

export const connectionCommands: CommandDef[] = [
  { name: 'ping', arity: -1, flags: ['fast', 'sentinel'], group: 'connection', since: '1.0.0', summary: 'Ping the server', complexity: 'O(1)', run: pingCommand },
  { name: 'echo', arity: 2, flags: ['fast'], group: 'connection', since: '1.0.0', summary: 'Echo the given string', complexity: 'O(1)', run: (c, a) => c.reply.bulk(a[1]) },
  { name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], group: 'connection', since: '1.0.0', summary: 'Change the selected database for the current connection', complexity: 'O(1)', run: selectCommand },
  { name: 'quit', arity: -1, flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'], group: 'connection', since: '1.0.0', summary: 'Close the connection', complexity: 'O(1)', run: quitCommand },
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
  const id = intArg(args[1], 'ERR invalid DB index');
  if (id < 0 || id >= c.engine.keyspace.dbs.length) fail(Err.invalidDbIndex);
  c.db = c.engine.keyspace.dbs[id];
  c.reply.simple('OK');
}

function quitCommand(c: Client): void {
  c.reply.simple('OK');
  c.closing = true;
  c.link.close();
}
