/**
 * Pub/sub commands: SUBSCRIBE family, PUBLISH/SPUBLISH and PUBSUB introspection, with Redis 7.0's
 * replies. The broker (server/engine/broker.ts) holds the subscriptions and delivers messages.
 *
 * (Un)subscribe confirmations are pushes: like Redis (CLIENT_PUSHING) they are written to the
 * client's writer even while CLIENT REPLY OFF/SKIP silences ordinary replies.
 */
import type { CommandDef, Flag } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { Err, fail } from '../../engine/errors.ts';
import { globMatch } from '../../lib/glob.ts';
import { setInfoField } from '../../engine/info.ts';

const SUB: Flag[] = ['pubsub', 'noscript', 'loading', 'stale'];
const INTRO: Flag[] = ['pubsub', 'loading', 'stale'];
const PUB: Flag[] = ['pubsub', 'loading', 'stale', 'fast'];

export const pubsubCommands: CommandDef[] = [
  { name: 'subscribe', arity: -2, flags: SUB, run: subscribeCommand },
  { name: 'unsubscribe', arity: -1, flags: SUB, run: unsubscribeCommand },
  { name: 'psubscribe', arity: -2, flags: SUB, run: psubscribeCommand },
  { name: 'punsubscribe', arity: -1, flags: SUB, run: punsubscribeCommand },
  { name: 'publish', arity: 3, flags: PUB, run: publishCommand },
  { name: 'spublish', arity: 3, flags: PUB, keys: [1, 1, 1], keySpecFlags: ['not_key'], run: spublishCommand },
  { name: 'ssubscribe', arity: -2, flags: SUB, keys: [1, -1, 1], keySpecFlags: ['not_key'], run: ssubscribeCommand },
  { name: 'sunsubscribe', arity: -1, flags: SUB, keys: [1, -1, 1], keySpecFlags: ['not_key'], run: sunsubscribeCommand },
  {
    name: 'pubsub',
    arity: -2,
    flags: [],
    subcommands: [
      { name: 'channels', arity: -2, flags: INTRO, run: (c, a) => channelsReply(c, a, false) },
      { name: 'numpat', arity: 2, flags: INTRO, run: (c) => c.reply.integer(c.engine.broker.patterns.size) },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], run: pubsubHelpCommand },
      { name: 'numsub', arity: -2, flags: INTRO, run: (c, a) => numsubReply(c, a, false) },
      { name: 'shardnumsub', arity: -2, flags: INTRO, run: (c, a) => numsubReply(c, a, true) },
      { name: 'shardchannels', arity: -2, flags: INTRO, run: (c, a) => channelsReply(c, a, true) },
    ],
  },
];

setInfoField('pubsub_channels', (e) => e.broker.channels.size);
setInfoField('pubsub_patterns', (e) => e.broker.patterns.size);
setInfoField('pubsubshard_channels', (e) => e.broker.shardChannels.size);

/** addReplyPubsub(Un)Subscribed: a push of [kind, name or null, count]. */
function confirm(c: Client, kind: string, name: string | null, count: number): void {
  const w = c.writer;
  w.push(3);
  w.bulk(kind);
  if (name === null) w.null();
  else w.bulk(name);
  w.integer(count);
}

/** Lua and other clients that expect one reply per command cannot subscribe (outside EXEC). */
function checkMayPush(c: Client, name: string): void {
  if (c.internal && !c.inExec) fail(Err.pubsubDenyBlocking(name));
}

function subscribeCommand(c: Client, args: string[]): void {
  checkMayPush(c, 'SUBSCRIBE');
  const b = c.engine.broker;
  for (let i = 1; i < args.length; i++) {
    b.subscribe(c, args[i], false);
    confirm(c, 'subscribe', args[i], b.count(c));
  }
}

function ssubscribeCommand(c: Client, args: string[]): void {
  checkMayPush(c, 'SSUBSCRIBE');
  const b = c.engine.broker;
  for (let i = 1; i < args.length; i++) {
    b.subscribe(c, args[i], true);
    confirm(c, 'ssubscribe', args[i], b.shardCount(c));
  }
}

function psubscribeCommand(c: Client, args: string[]): void {
  checkMayPush(c, 'PSUBSCRIBE');
  const b = c.engine.broker;
  for (let i = 1; i < args.length; i++) {
    b.psubscribe(c, args[i]);
    confirm(c, 'psubscribe', args[i], b.count(c));
  }
}

function unsubscribeCommand(c: Client, args: string[]): void {
  const b = c.engine.broker;
  if (args.length > 1) {
    for (let i = 1; i < args.length; i++) {
      b.unsubscribe(c, args[i], false);
      confirm(c, 'unsubscribe', args[i], b.count(c));
    }
    return;
  }
  const mine = b.of(c)?.channels;
  if (mine === undefined || mine.size === 0) {
    confirm(c, 'unsubscribe', null, b.count(c));
    return;
  }
  for (const ch of [...mine]) {
    b.unsubscribe(c, ch, false);
    confirm(c, 'unsubscribe', ch, b.count(c));
  }
}

function sunsubscribeCommand(c: Client, args: string[]): void {
  const b = c.engine.broker;
  if (args.length > 1) {
    for (let i = 1; i < args.length; i++) {
      b.unsubscribe(c, args[i], true);
      confirm(c, 'sunsubscribe', args[i], b.shardCount(c));
    }
    return;
  }
  const mine = b.of(c)?.shard;
  if (mine === undefined || mine.size === 0) {
    confirm(c, 'sunsubscribe', null, 0);
    return;
  }
  for (const ch of [...mine]) {
    b.unsubscribe(c, ch, true);
    confirm(c, 'sunsubscribe', ch, b.shardCount(c));
  }
}

function punsubscribeCommand(c: Client, args: string[]): void {
  const b = c.engine.broker;
  if (args.length > 1) {
    for (let i = 1; i < args.length; i++) {
      b.punsubscribe(c, args[i]);
      confirm(c, 'punsubscribe', args[i], b.count(c));
    }
    return;
  }
  const mine = b.of(c)?.patterns;
  if (mine === undefined || mine.size === 0) {
    confirm(c, 'punsubscribe', null, b.count(c));
    return;
  }
  for (const p of [...mine]) {
    b.punsubscribe(c, p);
    confirm(c, 'punsubscribe', p, b.count(c));
  }
}

function publishCommand(c: Client, args: string[]): void {
  c.reply.integer(c.engine.broker.publish(args[1], args[2]));
}

function spublishCommand(c: Client, args: string[]): void {
  c.reply.integer(c.engine.broker.spublish(args[1], args[2]));
}

/** PUBSUB CHANNELS / SHARDCHANNELS [pattern]. */
function channelsReply(c: Client, args: string[], shard: boolean): void {
  if (args.length > 3) fail(Err.subcommandSyntax(args[1], 'PUBSUB'));
  const b = c.engine.broker;
  const map = shard ? b.shardChannels : b.channels;
  const pattern = args.length === 3 ? args[2] : null;
  const out: string[] = [];
  for (const ch of map.keys()) if (pattern === null || globMatch(pattern, ch)) out.push(ch);
  c.reply.array(out.length);
  for (const ch of out) c.reply.bulk(ch);
}

/** PUBSUB NUMSUB / SHARDNUMSUB [channel ...]: channel, count pairs (a flat array in RESP3 too). */
function numsubReply(c: Client, args: string[], shard: boolean): void {
  const b = c.engine.broker;
  c.reply.array((args.length - 2) * 2);
  for (let i = 2; i < args.length; i++) {
    c.reply.bulk(args[i]);
    c.reply.integer(b.numsub(args[i], shard));
  }
}

const PUBSUB_HELP = [
  'PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
  'HELP',
  '    Prints this help.',
];

function pubsubHelpCommand(c: Client): void {
  c.reply.array(PUBSUB_HELP.length);
  for (const line of PUBSUB_HELP) c.reply.simple(line);
}
