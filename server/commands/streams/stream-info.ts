/**
 * XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS, XINFO HELP, as Redis 7.0.15 replies
 * them (maps in RESP3, flat arrays in RESP2; consumers carry name/pending/idle only, as in 7.0).
 *
 * radix-tree-nodes is the node count of the rax Redis keeps its stream nodes in, keyed by each
 * node's master ID as 16 big-endian bytes; it is computed from those keys as the rax shapes itself
 * (compressed chains, branch nodes, one leaf per key).
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey } from '../shared/lookup.ts';
import type { Stream, StreamNode } from '../../store/stream.ts';
import { ID_MAX, ID_ZERO, idToString } from '../../store/stream-id.ts';
import { groupLag, INVALID_ENTRIES_READ, sortedGroups } from '../../store/stream-groups.ts';
import { lookupGroup, replyEntries } from './stream-common.ts';

const XINFO_HELP = [
  'XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
  'HELP',
  '    Prints this help.',
];

const sub = { flags: ['readonly'], keys: [2, 2, 1], group: 'stream', keySpecFlags: ['RO', 'access'] } as const;

export const streamInfoCommands: CommandDef[] = [
  {
    name: 'xinfo', arity: -2, flags: [], 
    subcommands: [
      { ...sub, name: 'consumers', arity: 4, run: xinfoConsumersCommand },
      { ...sub, name: 'groups', arity: 3, run: xinfoGroupsCommand },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], run: xinfoHelpCommand },
      { ...sub, name: 'stream', arity: -3, run: xinfoStreamCommand },
    ],
  },
];

function xinfoHelpCommand(c: Client): void {
  c.reply.array(XINFO_HELP.length);
  for (const line of XINFO_HELP) c.reply.simple(line);
}

function streamOrNoKey(c: Client, key: string): Stream {
  const e = readKey(c, key, 'stream');
  if (e === undefined) fail(Err.noSuchKey);
  return e.value as Stream;
}

function xinfoConsumersCommand(c: Client, args: string[]): void {
  const s = streamOrNoKey(c, args[2]);
  const g = lookupGroup(s, args[3]);
  if (g === undefined) fail(Err.xgroupNoGroup(args[3], args[2]));
  const r = c.reply;
  const now = c.engine.keyspace.now;
  const cs = g.sortedConsumers();
  r.array(cs.length);
  for (const x of cs) {
    r.map(3);
    r.bulk('name');
    r.bulk(x.name);
    r.bulk('pending');
    r.integer(x.pel.size);
    r.bulk('idle');
    r.integer(Math.max(0, now - x.seenTime));
  }
}

function replyLag(c: Client, lag: number | null): void {
  if (lag === null) c.reply.null();
  else c.reply.integer(lag);
}

function replyEntriesRead(c: Client, n: number): void {
  if (n === INVALID_ENTRIES_READ) c.reply.null();
  else c.reply.integer(n);
}

function xinfoGroupsCommand(c: Client, args: string[]): void {
  const s = streamOrNoKey(c, args[2]);
  const r = c.reply;
  const gs = sortedGroups(s.groups as never);
  r.array(gs.length);
  for (const g of gs) {
    r.map(6);
    r.bulk('name');
    r.bulk(g.name);
    r.bulk('consumers');
    r.integer(g.consumers.size);
    r.bulk('pending');
    r.integer(g.pel.size);
    r.bulk('last-delivered-id');
    r.bulk(idToString(g.lastId));
    r.bulk('entries-read');
    replyEntriesRead(c, g.entriesRead);
    r.bulk('lag');
    replyLag(c, groupLag(s, g));
  }
}

function xinfoStreamCommand(c: Client, args: string[]): void {
  const argc = args.length - 3;
  let full = true;
  let count = 10;
  if (argc === 0) full = false;
  else if (argc === 1 || argc === 3) {
    if (args[3].toLowerCase() !== 'full') fail(Err.subcommandSyntax(args[1], args[0]));
    if (argc === 3) {
      if (args[4].toLowerCase() !== 'count') fail(Err.subcommandSyntax(args[1], args[0]));
      const v = parseIntNumber(args[5]);
      if (v === null) fail(Err.notInteger);
      count = v < 0 ? 10 : v;
    }
  } else fail(Err.subcommandSyntax(args[1], args[0]));
  const s = streamOrNoKey(c, args[2]);
  const r = c.reply;
  const nodes = s.nodeList();
  r.map(full ? 9 : 10);
  r.bulk('length');
  r.integer(s.length);
  r.bulk('radix-tree-keys');
  r.integer(nodes.length);
  r.bulk('radix-tree-nodes');
  r.integer(raxNodes(nodes));
  r.bulk('last-generated-id');
  r.bulk(idToString(s.lastId));
  r.bulk('max-deleted-entry-id');
  r.bulk(idToString(s.maxDeletedId));
  r.bulk('entries-added');
  r.integer(s.entriesAdded);
  r.bulk('recorded-first-entry-id');
  r.bulk(idToString(s.firstId));
  const gs = sortedGroups(s.groups as never);
  if (!full) {
    r.bulk('groups');
    r.integer(gs.length);
    r.bulk('first-entry');
    edgeEntry(c, s, false);
    r.bulk('last-entry');
    edgeEntry(c, s, true);
    return;
  }
  r.bulk('entries');
  const refs: (StreamNode | number)[] = [];
  const n = s.range(ID_ZERO, ID_MAX, count, false, refs);
  replyEntries(c, refs, n);
  r.bulk('groups');
  r.array(gs.length);
  for (const g of gs) {
    r.map(7);
    r.bulk('name');
    r.bulk(g.name);
    r.bulk('last-delivered-id');
    r.bulk(idToString(g.lastId));
    r.bulk('entries-read');
    replyEntriesRead(c, g.entriesRead);
    r.bulk('lag');
    replyLag(c, groupLag(s, g));
    r.bulk('pel-count');
    r.integer(g.pel.size);
    r.bulk('pending');
    const pel = g.pel.toArray(count);
    r.array(pel.length);
    for (const nack of pel) {
      r.array(4);
      r.bulk(idToString(nack.id));
      r.bulk(nack.consumer?.name ?? '');
      r.integer(nack.deliveryTime);
      r.integer(nack.deliveryCount);
    }
    r.bulk('consumers');
    const cs = g.sortedConsumers();
    r.array(cs.length);
    for (const x of cs) {
      r.map(4);
      r.bulk('name');
      r.bulk(x.name);
      r.bulk('seen-time');
      r.integer(x.seenTime);
      r.bulk('pel-count');
      r.integer(x.pel.size);
      r.bulk('pending');
      const cp = x.pel.toArray(count);
      r.array(cp.length);
      for (const nack of cp) {
        r.array(3);
        r.bulk(idToString(nack.id));
        r.integer(nack.deliveryTime);
        r.integer(nack.deliveryCount);
      }
    }
  }
}

/** First or last entry as a raw entry [id, [field, value, ...]], or null. */
function edgeEntry(c: Client, s: Stream, last: boolean): void {
  const refs: (StreamNode | number)[] = [];
  if (s.range(ID_ZERO, ID_MAX, 1, last, refs) === 0) {
    c.reply.null();
    return;
  }
  const node = refs[0] as StreamNode;
  const slot = refs[1] as number;
  const r = c.reply;
  r.array(2);
  r.bulk(node.idString(slot));
  const fv: string[] = [];
  const k = node.entry(slot, fv);
  r.array(k);
  for (let j = 0; j < k; j++) r.bulk(fv[j]);
}

/** Node count of a rax holding these nodes' master IDs (16 big-endian bytes each). */
export function raxNodes(nodes: readonly StreamNode[]): number {
  if (nodes.length === 0) return 1;
  const keys = nodes.map((n) => {
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, n.slots[0]);
    dv.setUint32(4, n.slots[1]);
    dv.setUint32(8, n.slots[2]);
    dv.setUint32(12, n.slots[3]);
    return b;
  });
  return countNodes(keys, 0, keys.length, 0);
}

/** Rax nodes below the point at `depth` shared by keys[lo..hi) (sorted, distinct). */
function countNodes(keys: Uint8Array[], lo: number, hi: number, depth: number): number {
  if (depth === 16) return 1;
  const a = keys[lo];
  const z = keys[hi - 1];
  let l = 0;
  while (depth + l < 16 && a[depth + l] === z[depth + l]) l++;
  // A chain shared by every key is one compressed node.
  if (l > 0) return 1 + countNodes(keys, lo, hi, depth + l);
  // A branch node, each child after one byte.
  let total = 1;
  let i = lo;
  while (i < hi) {
    const byte = keys[i][depth];
    let j = i + 1;
    while (j < hi && keys[j][depth] === byte) j++;
    total += countNodes(keys, i, j, depth + 1);
    i = j;
  }
  return total;
}
