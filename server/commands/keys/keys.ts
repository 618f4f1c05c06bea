/**
 * Generic key commands (DEL, EXISTS, TYPE, RENAME, COPY, MOVE, KEYS, SCAN, RANDOMKEY, TOUCH,
 * OBJECT, the TTL family in keys-expire.ts) and the keyspace-wide ones Redis files under "server"
 * (DBSIZE, FLUSHDB, FLUSHALL, SWAPDB).
 *
 * Expired keys are never visible. Like Redis, KEYS only hides them while SCAN, EXISTS, TYPE and
 * RANDOMKEY also reclaim them, and DBSIZE counts keys not yet reclaimed.
 */
import type { CommandDef, KeySpec } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import type { Database } from '../../store/keyspace.ts';
import type { Engine } from '../../engine/engine.ts';
import { Err, fail } from '../../engine/errors.ts';
import { globMatch } from '../../lib/glob.ts';
import { parseScanArgs } from '../shared/scan.ts';
import { dbArg, getRead, int32Arg, peekRead } from './keys-lookup.ts';
import { expireCommands } from './keys-expire.ts';
import { objectCommand } from './keys-object.ts';

const server = { group: 'server', acl: ['keyspace', 'dangerous'] } as const;
const flush = {
  tips: ['request_policy:all_shards', 'response_policy:all_succeeded'],
  history: [['4.0.0', 'Added the `ASYNC` flushing mode modifier.'], ['6.2.0', 'Added the `SYNC` flushing mode modifier.']],
} as const;

/** Key specs of a source key at 1 and a destination at 2 (RENAME, RENAMENX, COPY). */
function twoKeys(src: readonly string[], dst: readonly string[]): KeySpec[] {
  return [
    { flags: src, begin: { index: 1 }, find: { range: [0, 1, 0] } },
    { flags: dst, begin: { index: 2 }, find: { range: [0, 1, 0] } },
  ];
}

export const keyCommands: CommandDef[] = [
  { name: 'del', arity: -2, flags: ['write'], keys: [1, -1, 1], keySpecFlags: ['RM', 'delete'], run: delCommand },
  { name: 'unlink', arity: -2, flags: ['write', 'fast'], keys: [1, -1, 1], keySpecFlags: ['RM', 'delete'], run: delCommand },
  { name: 'exists', arity: -2, flags: ['readonly', 'fast'], keys: [1, -1, 1], keySpecFlags: ['RO'], run: existsCommand },
  { name: 'type', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], keySpecFlags: ['RO'], run: typeCommand },
  { name: 'rename', arity: 3, flags: ['write'], keys: [1, 2, 1], keySpecs: twoKeys(['RW', 'access', 'delete'], ['OW', 'update']), run: (c, a) => renameGeneric(c, a, false) },
  { name: 'renamenx', arity: 3, flags: ['write', 'fast'], keys: [1, 2, 1], keySpecs: twoKeys(['RW', 'access', 'delete'], ['OW', 'insert']), run: (c, a) => renameGeneric(c, a, true) },
  { name: 'copy', arity: -3, flags: ['write', 'denyoom'], keys: [1, 2, 1], keySpecs: twoKeys(['RO', 'access'], ['OW', 'update']), run: copyCommand },
  { name: 'move', arity: 3, flags: ['write', 'fast'], keys: [1, 1, 1], keySpecFlags: ['RW', 'access', 'update'], run: moveCommand },
  { name: 'keys', arity: 2, flags: ['readonly'], run: keysCommand },
  { name: 'scan', arity: -2, flags: ['readonly'], run: scanCommand },
  { name: 'randomkey', arity: 1, flags: ['readonly'], run: randomkeyCommand },
  { name: 'touch', arity: -2, flags: ['readonly', 'fast'], keys: [1, -1, 1], keySpecFlags: ['RO'], run: touchCommand },
  objectCommand,
  ...expireCommands,
  { name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], run: (c) => c.reply.integer(c.db.size) },
  { ...server, ...flush, name: 'flushdb', arity: -1, flags: ['write'], run: flushdbCommand },
  { ...server, ...flush, name: 'flushall', arity: -1, flags: ['write'], run: flushallCommand },
  { ...server, name: 'swapdb', arity: 3, flags: ['write', 'fast'], run: swapdbCommand },
];

/** DEL and UNLINK (memory is reclaimed by the GC either way). */
function delCommand(c: Client, args: string[]): void {
  const db = c.db;
  let n = 0;
  for (let i = 1; i < args.length; i++) {
    const key = args[i];
    // peek first so an expired key is reclaimed as an expiry, not counted as deleted.
    if (db.peek(key) === undefined) continue;
    db.delete(key);
    c.engine.modified(db, key, 'g', 'del');
    n++;
  }
  c.reply.integer(n);
}

function existsCommand(c: Client, args: string[]): void {
  let n = 0;
  for (let i = 1; i < args.length; i++) if (peekRead(c, args[i]) !== undefined) n++;
  c.reply.integer(n);
}

function typeCommand(c: Client, args: string[]): void {
  const e = peekRead(c, args[1]);
  c.reply.simple(e === undefined ? 'none' : e.type);
}

function touchCommand(c: Client, args: string[]): void {
  let n = 0;
  for (let i = 1; i < args.length; i++) if (getRead(c, args[i]) !== undefined) n++;
  c.reply.integer(n);
}

/**
 * Both halves of a two-key write go through the write path (WATCH, events, blocked clients on the
 * destination); Redis counts the pair as one change.
 */
function modifiedPair(c: Client, from: Database, fromEvent: string, to: Database, key: string, toEvent: string, toKey: string): void {
  const e = c.engine;
  e.modified(from, key, 'g', fromEvent);
  e.modified(to, toKey, 'g', toEvent);
  e.dirty--;
}

function renameGeneric(c: Client, args: string[], nx: boolean): void {
  const src = args[1];
  const dst = args[2];
  const db = c.db;
  const e = db.get(src);
  if (e === undefined) fail(Err.noSuchKey);
  if (src === dst) {
    if (nx) c.reply.integer(0);
    else c.reply.simple('OK');
    return;
  }
  if (db.get(dst) !== undefined) {
    if (nx) {
      c.reply.integer(0);
      return;
    }
    db.delete(dst);
  }
  // The entry itself moves: value, TTL, encoding and access time go with it.
  db.delete(src);
  db.put(dst, e);
  modifiedPair(c, db, 'rename_from', db, src, 'rename_to', dst);
  if (nx) c.reply.integer(1);
  else c.reply.simple('OK');
}

function moveCommand(c: Client, args: string[]): void {
  const key = args[1];
  const src = c.db;
  const dst = dbArg(c, int32Arg(args[2]));
  if (dst === src) fail(Err.sameObject);
  const e = src.get(key);
  if (e === undefined || dst.get(key) !== undefined) {
    c.reply.integer(0);
    return;
  }
  src.delete(key);
  dst.put(key, e);
  modifiedPair(c, src, 'move_from', dst, key, 'move_to', key);
  c.reply.integer(1);
}

function copyCommand(c: Client, args: string[]): void {
  const key = args[1];
  const newKey = args[2];
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < args.length; j++) {
    const opt = args[j].toLowerCase();
    if (opt === 'replace') replace = true;
    else if (opt === 'db' && j + 1 < args.length) dst = dbArg(c, int32Arg(args[++j]));
    else fail(Err.syntax);
  }
  if (src === dst && key === newKey) fail(Err.sameObject);
  const e = getRead(c, key);
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  if (dst.get(newKey) !== undefined) {
    if (!replace) {
      c.reply.integer(0);
      return;
    }
    dst.delete(newKey);
  }
  const copy = dst.set(newKey, e.type, e.type === 'string' ? e.value : e.value.clone(), e.expireAt);
  // A copied string keeps its encoding, but as a private object (never a shared integer).
  if (e.type === 'string') copy.enc = e.enc ?? 'own';
  c.engine.modified(dst, newKey, 'g', 'copy_to');
  c.reply.integer(1);
}

function keysCommand(c: Client, args: string[]): void {
  const pattern = args[1];
  const all = pattern === '*';
  const now = c.engine.keyspace.now;
  const out: string[] = [];
  c.db.main.forEach((e, k) => {
    if (e.expireAt !== 0 && e.expireAt < now) return;
    if (all || globMatch(pattern, k)) out.push(k);
  });
  c.reply.array(out.length);
  for (const k of out) c.reply.bulk(k);
}

function scanCommand(c: Client, args: string[]): void {
  const opts = parseScanArgs(args, 1, true);
  const db = c.db;
  // Collect first, filter after: reclaiming expired keys must not reshape the map mid-walk.
  const found: string[] = [];
  const next = db.main.scan(opts.cursor, opts.count, (k) => {
    found.push(k);
  });
  const pattern = opts.match;
  const usePattern = pattern !== null && pattern !== '*';
  const type = opts.type;
  let n = 0;
  for (const k of found) {
    if (usePattern && !globMatch(pattern, k)) continue;
    if (type !== null) {
      const e = peekRead(c, k);
      if ((e === undefined ? 'none' : e.type) !== type) continue;
    }
    if (db.peek(k) === undefined) continue;
    found[n++] = k;
  }
  c.reply.array(2);
  c.reply.bulk(String(next));
  c.reply.array(n);
  for (let i = 0; i < n; i++) c.reply.bulk(found[i]);
}

/** dbRandomKey: never an expired key (they are reclaimed on the way), except on a replica. */
function randomkeyCommand(c: Client): void {
  const db = c.db;
  const ks = c.engine.keyspace;
  const allVolatile = db.size === db.expires.size;
  let tries = 100;
  for (;;) {
    const k = db.main.randomKey(c.engine.random);
    if (k === undefined) {
      c.reply.null();
      return;
    }
    if (db.main.get(k)!.expireAt !== 0) {
      // A replica cannot reclaim keys: if all may be expired, give up after some tries as Redis.
      if (allVolatile && !ks.expireEnabled && --tries === 0) {
        c.reply.bulk(k);
        return;
      }
      if (db.peek(k) === undefined) continue;
    }
    c.reply.bulk(k);
    return;
  }
}

/** FLUSHDB / FLUSHALL [ASYNC|SYNC] (freeing is the GC's, so both modes behave alike). */
function flushMode(args: string[]): void {
  if (args.length === 1) return;
  const m = args[1].toLowerCase();
  if (args.length > 2 || (m !== 'sync' && m !== 'async')) fail(Err.syntax);
}

/**
 * touchAllWatchedKeysInDb: `emptied` loses its contents (to `replacedWith`'s, for SWAPDB). A
 * watcher sees a change for every watched key that exists in either. A key that was already
 * expired when watched and is simply gone now is no change.
 */
export function touchWatchedOnFlush(engine: Engine, emptied: Database, replacedWith: Database | null): void {
  const watched = engine.watchers.get(emptied.id);
  if (watched === undefined) return;
  for (const [key, clients] of watched) {
    const inEmptied = emptied.main.has(key);
    const inOther = replacedWith !== null && replacedWith.main.has(key);
    if (!inEmptied && !inOther) continue;
    for (const cl of clients) {
      if (!inOther) {
        const w = cl.watched?.find((x) => x.db === emptied.id && x.key === key);
        if (w !== undefined && w.expiredAtWatch) {
          w.expiredAtWatch = false;
          continue;
        }
      }
      cl.watchDirty = true;
    }
  }
}

/** Dataset-wide writes count what they removed, and always propagate, even when nothing was there. */
function flushed(c: Client, removed: number): void {
  const e = c.engine;
  e.dirty += removed;
  e.changes++;
}

function flushdbCommand(c: Client, args: string[]): void {
  flushMode(args);
  const db = c.db;
  touchWatchedOnFlush(c.engine, db, null);
  const n = db.size;
  db.clear();
  signalBlockedKeys(c.engine, db, db);
  flushed(c, n);
  c.reply.simple('OK');
}

function flushallCommand(c: Client, args: string[]): void {
  flushMode(args);
  const ks = c.engine.keyspace;
  let n = 0;
  for (const db of ks.dbs) {
    touchWatchedOnFlush(c.engine, db, null);
    n += db.size;
  }
  ks.flushAll();
  for (const db of ks.dbs) signalBlockedKeys(c.engine, db, db);
  flushed(c, n + 1);
  c.reply.simple('OK');
}

function swapdbCommand(c: Client, args: string[]): void {
  const id1 = int32Arg(args[1], Err.invalidFirstDb);
  const id2 = int32Arg(args[2], Err.invalidSecondDb);
  const dbs = c.engine.keyspace.dbs;
  if (id1 < 0 || id1 >= dbs.length || id2 < 0 || id2 >= dbs.length) fail(Err.invalidDbIndex);
  if (id1 !== id2) {
    const a = dbs[id1];
    const b = dbs[id2];
    touchWatchedOnFlush(c.engine, a, b);
    touchWatchedOnFlush(c.engine, b, a);
    c.engine.keyspace.swap(id1, id2);
    signalBlockedKeys(c.engine, a, b);
  }
  flushed(c, 1);
  c.reply.simple('OK');
}

/**
 * After SWAPDB or a flush, a key a client waits on may now exist (scanDatabaseForReadyKeys) or be
 * gone (scanDatabaseForDeletedKeys): mark every waited key of the databases ready; the blocked
 * command's own check decides (lists keep waiting on a missing key, XREADGROUP answers UNBLOCKED).
 */
function signalBlockedKeys(engine: Engine, a: Database, b: Database): void {
  if (engine.blocking.waiting === 0) return;
  for (const cl of engine.clients.values()) {
    const bl = cl.blocked;
    if (bl === null || (bl.db !== a && bl.db !== b)) continue;
    for (const key of bl.keys) engine.blocking.signal(bl.db, key);
  }
}

