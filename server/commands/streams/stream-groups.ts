/**
 * Stream consumer groups, as Redis 7.0's t_stream.c: XGROUP, XREADGROUP (with BLOCK, on the
 * blocking framework) and XACK here; XPENDING, XCLAIM and XAUTOCLAIM in stream-claim.ts, XINFO in
 * stream-info.ts. Same order of checks, replies, errors.
 *
 * Group changes are not key modifications in Redis (no signalModifiedKey, so WATCH is untouched):
 * they count as dirty and fire their own events (xgroup-create, xgroup-setid, xgroup-destroy,
 * xgroup-createconsumer, xgroup-delconsumer). Propagation is Redis 7.0.15's (checked against its
 * AOF): XREADGROUP, XCLAIM and XAUTOCLAIM go out as one idempotent "XCLAIM key group consumer 0 id
 * TIME t RETRYCOUNT n FORCE JUSTID LASTID last" per entry touched, plus "XGROUP SETID key group last
 * ENTRIESREAD n" when the group's last ID moved and no XCLAIM carries it (XREADGROUP NOACK, XCLAIM
 * LASTID alone); a consumer created by XREADGROUP NOACK goes out as XGROUP CREATECONSUMER.
 * XREADGROUP reading history propagates nothing.
 */
import type { CommandDef, KeySpec } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { parseXreadArgs } from './stream-read.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import { Stream, type StreamNode } from '../../store/stream.ts';
import { cmpId, ID_MAX, ID_ZERO, idToString, incrId, isMaxId, type StreamId } from '../../store/stream-id.ts';
import { advanceGroup, ConsumerGroup, type Consumer, type Groups, INVALID_ENTRIES_READ, type Nack } from '../../store/stream-groups.ts';
import { createConsumer, groupChanged, idArg, lookupGroup, lookupOrCreateConsumer, replyEntryById, replyEntryOf, setidArgv, xclaimArgv } from './stream-common.ts';
import { xautoclaimCommand, xclaimCommand, xpendingCommand } from './stream-claim.ts';
import type { Database } from '../../store/keyspace.ts';
import type { Reply } from '../../engine/reply.ts';

const W = ['write'] as const;
const XGROUP_HELP = [
  'XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
  'HELP',
  '    Prints this help.',
];

const sub = { group: 'stream', keys: [2, 2, 1] } as const;

const XREADGROUP_SPECS: KeySpec[] = [{ flags: ['RO', 'access'], begin: { keyword: 'STREAMS', startFrom: 4 }, find: { range: [-1, 1, 2] } }];

export const streamGroupCommands: CommandDef[] = [
  {
    name: 'xgroup', arity: -2, flags: [], 
    subcommands: [
      { ...sub, name: 'create', arity: -5, flags: ['write', 'denyoom'], keySpecFlags: ['RW', 'insert'], run: xgroupCommand },
      { ...sub, name: 'createconsumer', arity: 5, flags: ['write', 'denyoom'], keySpecFlags: ['RW', 'insert'], run: xgroupCommand },
      { ...sub, name: 'delconsumer', arity: 5, flags: W, keySpecFlags: ['RW', 'delete'], run: xgroupCommand },
      { ...sub, name: 'destroy', arity: 4, flags: W, keySpecFlags: ['RW', 'delete'], run: xgroupCommand },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], run: xgroupHelpCommand },
      { ...sub, name: 'setid', arity: -5, flags: W, keySpecFlags: ['RW', 'update'], run: xgroupCommand },
    ],
  },
  { name: 'xreadgroup', arity: -7, flags: ['write', 'blocking', 'movablekeys'], keys: [0, 0, 0], keySpecs: XREADGROUP_SPECS, run: xreadgroupCommand },
  { name: 'xack', arity: -4, flags: ['write', 'fast'], keys: [1, 1, 1], keySpecFlags: ['RW', 'update'], run: xackCommand },
  { name: 'xpending', arity: -3, flags: ['readonly'], keys: [1, 1, 1], keySpecFlags: ['RO', 'access'], run: xpendingCommand },
  { name: 'xclaim', arity: -6, flags: ['write', 'fast'], keys: [1, 1, 1], keySpecFlags: ['RW', 'update'], run: xclaimCommand },
  { name: 'xautoclaim', arity: -6, flags: ['write', 'fast'], keys: [1, 1, 1], keySpecFlags: ['RW', 'delete'], run: xautoclaimCommand },
];

function xgroupHelpCommand(c: Client): void {
  c.reply.array(XGROUP_HELP.length);
  for (const line of XGROUP_HELP) c.reply.simple(line);
}

function entriesReadArg(s: string): number {
  const v = parseIntNumber(s);
  if (v === null) fail(Err.notInteger);
  if (v < 0 && v !== INVALID_ENTRIES_READ) fail(Err.xgroupEntriesRead);
  return v;
}

function xgroupCommand(c: Client, args: string[]): void {
  const argc = args.length;
  const opt = args[1].toLowerCase();
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  if (opt === 'create' && argc >= 5 && argc <= 8) {
    for (let i = 5; i < argc; i++) {
      const o = args[i].toLowerCase();
      if (o === 'mkstream') mkstream = true;
      else if (o === 'entriesread' && i + 1 < argc) {
        entriesRead = entriesReadArg(args[i + 1]);
        i++;
      } else fail(Err.subcommandSyntax(args[1], args[0]));
    }
  } else if (opt === 'setid' && (argc === 5 || argc === 7)) {
    if (argc === 7) {
      if (args[5].toLowerCase() !== 'entriesread') fail(Err.subcommandSyntax(args[1], args[0]));
      entriesRead = entriesReadArg(args[6]);
    }
  }
  const key = args[2];
  const e = writeKey(c, key, 'stream');
  let s = e === undefined ? undefined : (e.value as Stream);
  const grpname = args[3];
  let cg: ConsumerGroup | undefined;
  if (!mkstream) {
    if (s === undefined) fail(Err.xgroupNoKey);
    cg = lookupGroup(s, grpname);
    if (cg === undefined && (opt === 'setid' || opt === 'createconsumer' || opt === 'delconsumer')) {
      fail(Err.xgroupNoGroup(grpname, key));
    }
  }
  const eng = c.engine;
  const db = c.db.id;
  if (opt === 'create' && argc >= 5 && argc <= 8) {
    let id: StreamId;
    if (args[4] === '$') id = s !== undefined ? s.lastId : ID_ZERO;
    else id = idArg(args[4], true);
    if (s === undefined) {
      s = new Stream();
      c.db.set(key, 'stream', s);
      eng.modified(c.db, key, 't', '');
    }
    if (s.groups === null) s.groups = new Map();
    const groups = s.groups as Groups;
    if (groups.has(grpname)) fail(Err.xgroupBusy);
    groups.set(grpname, new ConsumerGroup(grpname, id, entriesRead));
    c.reply.simple('OK');
    groupChanged(c);
    eng.notify('t', 'xgroup-create', db, key);
  } else if (opt === 'setid' && (argc === 5 || argc === 7)) {
    let id: StreamId;
    if (args[4] === '$') id = s!.lastId;
    else id = idArg(args[4], false);
    cg!.lastId = id;
    cg!.entriesRead = entriesRead;
    c.reply.simple('OK');
    groupChanged(c);
    eng.notify('t', 'xgroup-setid', db, key);
  } else if (opt === 'destroy' && argc === 4) {
    if (cg !== undefined) {
      (s!.groups as Groups).delete(grpname);
      c.reply.integer(1);
      groupChanged(c);
      eng.notify('t', 'xgroup-destroy', db, key);
      // Readers blocked on the group get -NOGROUP.
      if (eng.blocking.waiting > 0) eng.blocking.signal(c.db, key);
    } else c.reply.integer(0);
  } else if (opt === 'createconsumer' && argc === 5) {
    c.reply.integer(createConsumer(c, cg!, args[4], key, db) !== undefined ? 1 : 0);
  } else if (opt === 'delconsumer' && argc === 5) {
    const cons = cg!.consumer(args[4]);
    let pending = 0;
    if (cons !== undefined) {
      pending = cons.pel.size;
      cg!.deleteConsumer(cons);
      groupChanged(c);
      eng.notify('t', 'xgroup-delconsumer', db, key);
    }
    c.reply.integer(pending);
  } else fail(Err.subcommandSyntax(args[1], args[0]));
}

/**
 * streamReplyWithRange for a group read of new entries ('>'): entries after `start` - 1, the group's
 * last ID and entries-read moving along, NACKs created (unless NOACK); the XCLAIM/SETID argvs are
 * collected in `props`.
 */
function serveGroup(c: Client, st: Stream, start: StreamId, count: number, g: ConsumerGroup, cons: Consumer, noack: boolean, key: string, groupName: string, props: string[][]): void {
  const refs: (StreamNode | number)[] = [];
  const n = st.range(start, ID_MAX, count, false, refs);
  const now = c.engine.keyspace.now;
  let propagateLastId = false;
  c.reply.array(n);
  for (let i = 0; i < refs.length; i += 2) {
    const node = refs[i] as StreamNode;
    const slot = refs[i + 1] as number;
    const id = node.id(slot);
    if (cmpId(id, g.lastId) > 0) {
      advanceGroup(st, g, id);
      // Without NOACK the XCLAIMs carry the last ID (LASTID), as Redis 7.0 reasons.
      if (noack) propagateLastId = true;
    }
    replyEntryOf(c.reply, node, slot);
    if (!noack) {
      const nack = g.deliver(id, cons, now);
      props.push(xclaimArgv(key, g, groupName, idToString(id), nack));
    }
  }
  if (propagateLastId) props.push(setidArgv(key, g, groupName));
}

/** streamReplyWithRangeFromConsumerPEL: the consumer's pending entries after `start` - 1. */
function serveHistory(c: Client, st: Stream, start: StreamId, count: number, cons: Consumer): void {
  const items: Nack[] = [];
  cons.pel.scan(start, (n) => items.push(n) !== count);
  const now = c.engine.keyspace.now;
  c.reply.array(items.length);
  for (const nack of items) {
    if (!replyEntryById(c, st, nack.id)) {
      c.reply.array(2);
      c.reply.bulk(idToString(nack.id));
      c.reply.nullArray();
    } else {
      nack.deliveryTime = now;
      nack.deliveryCount++;
    }
  }
}

/** XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] [NOACK] STREAMS key ... id ... */
function xreadgroupCommand(c: Client, args: string[]): void {
  const { timeout, count, streamsArg, streamsCount, groupName, consumerName, noack } = parseXreadArgs(c, args, true);
  if (groupName === null) fail(Err.xreadgroupMissingGroup);

  const ids: StreamId[] = new Array(streamsCount);
  const groups: ConsumerGroup[] = new Array(streamsCount);
  for (let k = 0; k < streamsCount; k++) {
    const key = args[streamsArg + k];
    const e = readKey(c, key, 'stream');
    const g = e === undefined ? undefined : lookupGroup(e.value as Stream, groupName);
    if (g === undefined) fail(Err.xreadgroupNoGroup(key, groupName));
    groups[k] = g;
    const arg = args[streamsArg + streamsCount + k];
    if (arg === '$') fail(Err.xreadgroupDollar);
    if (arg === '>') {
      ids[k] = ID_MAX;
      continue;
    }
    ids[k] = idArg(arg, true);
  }

  const props: string[][] = [];
  const db = c.db.id;
  let arraylen = 0;
  // Redis counts the streams served as it goes (a deferred length); with several streams (a key may
  // even repeat) the replies are recorded first, then written after the header.
  const real = c.reply;
  const rec = streamsCount > 1 ? new RecordedReply() : null;
  try {
    for (let k = 0; k < streamsCount; k++) {
      const key = args[streamsArg + k];
      const e = c.db.get(key);
      if (e === undefined) continue;
      const st = e.value as Stream;
      const g = groups[k];
      let gt = ids[k];
      let history = false;
      let serve = false;
      if (!isMaxId(gt)) {
        serve = true;
        history = true;
      } else if (st.length > 0) {
        const maxid = st.lastValidId()!;
        if (cmpId(maxid, g.lastId) > 0) {
          serve = true;
          gt = g.lastId;
        }
      }
      if (!serve) continue;
      if (arraylen++ === 0) {
        if (rec !== null) c.reply = rec;
        else if (c.resp === 2) c.reply.array(1);
        else c.reply.map(1);
      }
      const start = incrId(gt) ?? ID_MAX;
      if (c.resp === 2) c.reply.array(2);
      c.reply.bulk(key);
      const { cons, created } = lookupOrCreateConsumer(c, g, consumerName, key, db);
      if (created && noack) props.push(['XGROUP', 'CREATECONSUMER', key, groupName, consumerName]);
      cons.seenTime = c.engine.keyspace.now;
      if (history) serveHistory(c, st, start, count, cons);
      else serveGroup(c, st, start, count, g, cons, noack, key, groupName, props);
      groupChanged(c);
    }
  } finally {
    c.reply = real;
  }
  if (rec !== null && arraylen > 0) {
    if (c.resp === 2) real.array(arraylen);
    else real.map(arraylen);
    rec.replay(real);
  }
  c.engine.rewriteAs(...props);
  if (arraylen > 0) return;
  if (timeout === -1 || !c.mayBlock()) {
    c.reply.nullArray();
    return;
  }
  blockGroupReader(c, args.slice(streamsArg, streamsArg + streamsCount), groupName, consumerName, count, noack, timeout, args[0]);
}

function blockGroupReader(c: Client, keys: string[], groupName: string, consumerName: string, count: number, noack: boolean, timeout: number, cmdName: string): void {
  const db: Database = c.db;
  const seen = new Map<string, { s: Stream; added: number }>();
  for (const k of keys) {
    const e = db.get(k);
    if (e !== undefined && e.type === 'stream') seen.set(k, { s: e.value as Stream, added: (e.value as Stream).entriesAdded });
  }
  c.engine.blocking.block(c, {
    db,
    keys,
    timeoutAt: timeout === 0 ? 0 : c.engine.keyspace.now + timeout,
    cmd: c.engine.registry.lookup(cmdName)!,
    tryServe(key) {
      const e = db.get(key);
      if (e === undefined || e.type !== 'stream') {
        c.reply.error(Err.xreadgroupKeyGone);
        return true;
      }
      const st = e.value as Stream;
      const g = lookupGroup(st, groupName);
      if (g === undefined) {
        c.reply.error(Err.xreadgroupGroupGone);
        return true;
      }
      // Redis wakes group readers on XADD (and on the key being created), not on other writes.
      const was = seen.get(key);
      if (was !== undefined && was.s === st && was.added === st.entriesAdded) return false;
      const gt = g.lastId;
      if (cmpId(st.lastId, gt) <= 0) return false;
      const eng = c.engine;
      const props: string[][] = [];
      const { cons, created } = lookupOrCreateConsumer(c, g, consumerName, key, db.id);
      if (created && noack) props.push(['XGROUP', 'CREATECONSUMER', key, groupName, consumerName]);
      cons.seenTime = eng.keyspace.now;
      if (c.resp === 2) {
        c.reply.array(1);
        c.reply.array(2);
      } else c.reply.map(1);
      c.reply.bulk(key);
      serveGroup(c, st, incrId(gt) ?? ID_MAX, count, g, cons, noack, key, groupName, props);
      eng.dirty++;
      eng.changes++;
      for (const argv of props) eng.propagate(db.id, argv);
      return true;
    },
    onTimeout: () => c.reply.nullArray(),
  });
}

function xackCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'stream');
  const g = e === undefined ? undefined : lookupGroup(e.value as Stream, args[2]);
  if (g === undefined) {
    c.reply.integer(0);
    return;
  }
  const ids: StreamId[] = [];
  for (let j = 3; j < args.length; j++) ids.push(idArg(args[j], true));
  let acked = 0;
  for (const id of ids) if (g.ack(id)) acked++;
  if (acked > 0) groupChanged(c, acked);
  c.reply.integer(acked);
}

/** Replies kept aside to be written later (XREADGROUP over several streams). */
class RecordedReply implements Reply {
  private ops: ((r: Reply) => void)[] = [];
  simple(v: string): void {
    this.ops.push((r) => r.simple(v));
  }
  error(v: string): void {
    this.ops.push((r) => r.error(v));
  }
  integer(v: number | bigint): void {
    this.ops.push((r) => r.integer(v));
  }
  bulk(v: string): void {
    this.ops.push((r) => r.bulk(v));
  }
  null(): void {
    this.ops.push((r) => r.null());
  }
  nullArray(): void {
    this.ops.push((r) => r.nullArray());
  }
  array(n: number): void {
    this.ops.push((r) => r.array(n));
  }
  map(n: number): void {
    this.ops.push((r) => r.map(n));
  }
  set(n: number): void {
    this.ops.push((r) => r.set(n));
  }
  double(d: number): void {
    this.ops.push((r) => r.double(d));
  }
  bool(v: boolean): void {
    this.ops.push((r) => r.bool(v));
  }
  verbatim(v: string, format?: string): void {
    this.ops.push((r) => r.verbatim(v, format));
  }
  push(n: number): void {
    this.ops.push((r) => r.push(n));
  }
  replay(r: Reply): void {
    for (const op of this.ops) op(r);
  }
}
