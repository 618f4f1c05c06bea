/**
 * Streams without consumer groups, as Redis 7.0's t_stream.c: XADD, XLEN, XRANGE, XREVRANGE,
 * XREAD (with BLOCK), XDEL, XTRIM, XSETID. Same order of checks, replies, errors and events.
 *
 * Propagation, as Redis 7.0 rewrites its argv: XADD with "*" or "ms-*" goes out with the ID it
 * generated; a "~" trim (XADD or XTRIM) goes out as "=" with the resulting length (MAXLEN) or first
 * entry ID (MINID), LIMIT left in place (replicas and AOF replays ignore LIMIT, as Redis's
 * mustObeyClient clients do). XREAD BLOCK is read-only and propagates nothing.
 */
import type { CommandDef, KeySpec } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import type { Config } from '../../config.ts';
import { parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey, writeKey } from '../shared/lookup.ts';
import { Stream, type NodeLimits, type TrimArgs } from '../../store/stream.ts';
import {
  cmpId,
  ID_ZERO,
  idFromNumbers,
  idToString,
  incrId,
  isMaxId,
  isZeroId,
  parseStreamId,
  type StreamId,
} from '../../store/stream-id.ts';
import { idArg } from './stream-common.ts';
import { xrangeCommand, xreadCommand } from './stream-read.ts';
import { streamGroupCommands } from './stream-groups.ts';
import { streamInfoCommands } from './stream-info.ts';

const XREAD_SPECS = [{ flags: ['RO', 'access'], begin: { keyword: 'STREAMS', startFrom: 1 }, find: { range: [-1, 1, 2] as const } }];

const XADD_SPECS: KeySpec[] = [
  { notes: 'UPDATE instead of INSERT because of the optional trimming feature', flags: ['RW', 'update'], begin: { index: 1 }, find: { range: [0, 1, 0] } },
];

export const streamCommands: CommandDef[] = [
  { name: 'xadd', arity: -5, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], keySpecs: XADD_SPECS, run: xaddCommand },
  { name: 'xlen', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], keySpecFlags: ['RO'], run: xlenCommand },
  { name: 'xrange', arity: -4, flags: ['readonly'], keys: [1, 1, 1], run: (c, a) => xrangeCommand(c, a, false) },
  { name: 'xrevrange', arity: -4, flags: ['readonly'], keys: [1, 1, 1], run: (c, a) => xrangeCommand(c, a, true) },
  { name: 'xread', arity: -4, flags: ['readonly', 'blocking', 'movablekeys'], keys: [0, 0, 0], keySpecs: XREAD_SPECS, run: xreadCommand },
  { name: 'xdel', arity: -3, flags: ['write', 'fast'], keys: [1, 1, 1], keySpecFlags: ['RW', 'delete'], run: xdelCommand },
  { name: 'xtrim', arity: -4, flags: ['write'], keys: [1, 1, 1], keySpecFlags: ['RW', 'delete'], run: xtrimCommand },
  ...streamGroupCommands,
  ...streamInfoCommands,
  { name: 'xsetid', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], keySpecFlags: ['RW', 'update'], run: xsetidCommand },
];

/**
 * Node limits of a config, kept current by its change listeners: XADD reads them once per entry,
 * and two Map lookups per XADD showed in profiles.
 */
const limitsOf = new WeakMap<Config, NodeLimits>();
let lastConfig: Config | null = null;
let lastLimits: NodeLimits = { maxEntries: 0, maxBytes: 0 };

export function nodeLimits(c: Client): NodeLimits {
  const cfg = c.engine.config;
  if (cfg === lastConfig) return lastLimits;
  let l = limitsOf.get(cfg);
  if (l === undefined) {
    const lim = { maxEntries: 0, maxBytes: 0 };
    const update = () => {
      lim.maxEntries = cfg.int('stream-node-max-entries');
      lim.maxBytes = cfg.int('stream-node-max-bytes');
    };
    update();
    cfg.onChange('stream-node-max-entries', update);
    cfg.onChange('stream-node-max-bytes', update);
    limitsOf.set(cfg, lim);
    l = lim;
  }
  lastConfig = cfg;
  return (lastLimits = l);
}

interface AddTrimArgs {
  trim: TrimArgs | null;
  /** argv index of the MAXLEN count / MINID id (the "~" or "=" is just before it when given). */
  trimIdx: number;
  noMkStream: boolean;
  /** XADD's ID: null for "*". */
  id: StreamId | null;
  /** False for "ms-*". */
  seqGiven: boolean;
  /** argv index of the ID ("*" included); fields start after it. */
  idIdx: number;
}

/** streamParseAddOrTrimArgsOrReply of Redis 7.0. */
function parseAddTrim(c: Client, args: string[], xadd: boolean): AddTrimArgs {
  const r: AddTrimArgs = { trim: null, trimIdx: 0, noMkStream: false, id: null, seqGiven: true, idIdx: 0 };
  let approx = false;
  let maxlen = 0;
  let minid: StreamId = ID_ZERO;
  let limit = 0;
  let limitGiven = false;
  let strategy: 'maxlen' | 'minid' | null = null;
  const argc = args.length;
  let i = 2;
  for (; i < argc; i++) {
    const moreargs = argc - 1 - i;
    const opt = args[i];
    if (xadd && opt === '*') break;
    const lower = opt.length <= 10 ? opt.toLowerCase() : '';
    if (lower === 'maxlen' && moreargs > 0) {
      if (strategy !== null) fail(Err.xaddMaxlenMinid);
      approx = false;
      const next = args[i + 1];
      if (moreargs >= 2 && next === '~') {
        approx = true;
        i++;
      } else if (moreargs >= 2 && next === '=') i++;
      const v = parseIntNumber(args[i + 1]);
      if (v === null) fail(Err.notInteger);
      if (v < 0) fail(Err.xaddMaxlenNegative);
      maxlen = v;
      i++;
      strategy = 'maxlen';
      r.trimIdx = i;
    } else if (lower === 'minid' && moreargs > 0) {
      if (strategy !== null) fail(Err.xaddMaxlenMinid);
      approx = false;
      const next = args[i + 1];
      if (moreargs >= 2 && next === '~') {
        approx = true;
        i++;
      } else if (moreargs >= 2 && next === '=') i++;
      minid = idArg(args[i + 1], true);
      i++;
      strategy = 'minid';
      r.trimIdx = i;
    } else if (moreargs >= 1 && lower === 'limit') {
      const v = parseIntNumber(args[i + 1]);
      if (v === null) fail(Err.notInteger);
      if (v < 0) fail(Err.xaddLimitNegative);
      limit = v;
      limitGiven = true;
      i++;
    } else if (xadd && lower === 'nomkstream') {
      r.noMkStream = true;
    } else if (xadd) {
      const out = { auto: false };
      const id = parseStreamId(opt, true, false, true, out);
      if (id === null) fail(Err.streamInvalidId);
      r.id = id;
      r.seqGiven = !out.auto;
      break;
    } else fail(Err.syntax);
  }
  r.idIdx = i;
  if (limit !== 0 && strategy === null) fail(Err.xaddLimitNoStrategy);
  if (!xadd && strategy === null) fail(Err.xtrimNoStrategy);
  const kind = c.link.kind;
  if (kind === 'aof' || kind === 'replica') limit = 0;
  else if (limitGiven) {
    if (!approx) fail(Err.xaddLimitNoApprox);
  } else if (approx) {
    limit = 100 * c.engine.config.int('stream-node-max-entries');
    if (limit <= 0 || limit > 10000) limit = 10000;
  } else limit = 0;
  if (strategy !== null) r.trim = { strategy, maxlen, minid, approx, limit };
  return r;
}

/** The argv Redis 7.0 propagates after an approximate trim ("~" → "=", the actual result). */
function rewriteTrim(argv: string[], s: Stream, a: AddTrimArgs): void {
  argv[a.trimIdx - 1] = '=';
  argv[a.trimIdx] = a.trim!.strategy === 'maxlen' ? String(s.length) : idToString(s.firstValidId() ?? ID_ZERO);
}

function xaddCommand(c: Client, args: string[]): void {
  const a = parseAddTrim(c, args, true);
  const fieldPos = a.idIdx + 1;
  const nf = args.length - fieldPos;
  if (nf < 2 || nf % 2 === 1) fail(Err.wrongArity('xadd'));
  if (a.id !== null && a.seqGiven && isZeroId(a.id)) fail(Err.xaddIdZero);
  const key = args[1];
  const e = writeKey(c, key, 'stream');
  let s: Stream;
  if (e === undefined) {
    if (a.noMkStream) {
      c.reply.null();
      return;
    }
    s = new Stream();
    c.db.set(key, 'stream', s);
  } else s = e.value as Stream;
  if (isMaxId(s.lastId)) fail(Err.streamExhausted);
  const last = s.lastId;
  let id: StreamId;
  if (a.id === null) {
    const now = c.engine.keyspace.now;
    const lastMsSafe = last.msHi < 0x200000;
    if (lastMsSafe && last.msHi * 4294967296 + last.msLo < now) id = idFromNumbers(now, 0);
    else id = incrId(last)!;
  } else if (a.seqGiven) id = a.id;
  else if (a.id.msHi === last.msHi && a.id.msLo === last.msLo) {
    if (last.seqHi === 0xffffffff && last.seqLo === 0xffffffff) fail(Err.xaddIdSmall);
    id = incrId(last)!;
  } else id = a.id;
  if (cmpId(id, last) <= 0) fail(Err.xaddIdSmall);
  // Redis has created the stream already when it refuses the entry: the empty stream stays.
  if (!s.append(id, args, fieldPos, nodeLimits(c))) fail(Err.streamElementsTooLarge);
  const idStr = idToString(id);
  c.reply.bulk(idStr);
  const eng = c.engine;
  eng.modified(c.db, key, 't', 'xadd');
  if (a.trim !== null && s.trim(a.trim) > 0) eng.notify('t', 'xtrim', c.db.id, key);
  // Nothing to propagate to (no AOF, no replica): skip building the rewritten argv.
  if (eng.propagators.length === 0) return;
  let argv: string[] | null = null;
  if (a.trim !== null) {
    if (a.trim.approx) {
      argv = args.slice();
      rewriteTrim(argv, s, a);
    }
  }
  if (a.id === null || !a.seqGiven) {
    if (argv === null) argv = args.slice();
    argv[a.idIdx] = idStr;
  }
  if (argv !== null) eng.rewriteAs(argv);
}

function xlenCommand(c: Client, args: string[]): void {
  const e = readKey(c, args[1], 'stream');
  c.reply.integer(e === undefined ? 0 : (e.value as Stream).length);
}

function xdelCommand(c: Client, args: string[]): void {
  const key = args[1];
  const e = writeKey(c, key, 'stream');
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  const ids: StreamId[] = [];
  for (let j = 2; j < args.length; j++) ids.push(idArg(args[j], true));
  const s = e.value as Stream;
  const deleted = s.deleteIds(ids);
  if (deleted > 0) {
    c.engine.modified(c.db, key, 't', 'xdel');
    c.engine.dirty += deleted - 1;
  }
  c.reply.integer(deleted);
}

function xtrimCommand(c: Client, args: string[]): void {
  const a = parseAddTrim(c, args, false);
  const key = args[1];
  const e = writeKey(c, key, 'stream');
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  const s = e.value as Stream;
  const deleted = s.trim(a.trim!);
  if (deleted > 0) {
    // Redis notifies xtrim before signalling the key (the order keyspace events arrive in).
    c.engine.modified(c.db, key, 't', 'xtrim');
    c.engine.dirty += deleted - 1;
    if (a.trim!.approx) {
      const argv = args.slice();
      rewriteTrim(argv, s, a);
      c.engine.rewriteAs(argv);
    }
  }
  c.reply.integer(deleted);
}

function xsetidCommand(c: Client, args: string[]): void {
  const id = idArg(args[2], true);
  let entriesAdded = -1;
  let maxDel: StreamId = ID_ZERO;
  for (let i = 3; i < args.length; ) {
    const moreargs = args.length - 1 - i;
    const opt = args[i].toLowerCase();
    if (opt === 'entriesadded' && moreargs > 0) {
      const v = parseIntNumber(args[i + 1]);
      if (v === null) fail(Err.notInteger);
      if (v < 0) fail(Err.xsetidEntriesAdded);
      entriesAdded = v;
      i += 2;
    } else if (opt === 'maxdeletedid' && moreargs > 0) {
      maxDel = idArg(args[i + 1], true);
      if (cmpId(id, maxDel) < 0) fail(Err.xsetidSmallerThanMaxDeleted);
      i += 2;
    } else fail(Err.syntax);
  }
  const key = args[1];
  const e = writeKey(c, key, 'stream');
  if (e === undefined) fail(Err.noSuchKey);
  const s = e.value as Stream;
  if (cmpId(id, s.maxDeletedId) < 0) fail(Err.xsetidSmallerThanCurrentMaxDeleted);
  if (s.length > 0) {
    const maxid = s.lastValidId()!;
    if (cmpId(id, maxid) < 0) fail(Err.xsetidSmallerThanTop);
    if (entriesAdded !== -1 && s.length > entriesAdded) fail(Err.xsetidEntriesAddedSmall);
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (!isZeroId(maxDel)) s.maxDeletedId = maxDel;
  c.reply.simple('OK');
  c.engine.modified(c.db, key, 't', 'xsetid');
}
