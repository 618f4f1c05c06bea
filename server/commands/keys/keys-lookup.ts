/**
 * Lookups and argument helpers the generic key commands share, for what lookup.ts does not cover:
 * reads that must not touch the key (TYPE, EXISTS, TTL, OBJECT) and untyped reads (TOUCH, COPY).
 */
import type { Client } from '../../engine/client.ts';
import type { Database, Entry } from '../../store/keyspace.ts';
import { parseIntNumber } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';

function countLookup(c: Client, db: Database, key: string, e: Entry | undefined, notifyMiss: boolean): void {
  const stats = c.engine.stats;
  if (e !== undefined) {
    stats.keyspaceHits++;
    return;
  }
  stats.keyspaceMisses++;
  if (notifyMiss && c.engine.notifyListeners.length > 0) c.engine.notify('m', 'keymiss', db.id, key);
}

/**
 * lookupKeyReadWithFlags(LOOKUP_NOTOUCH): removes the key if expired, counts a keyspace hit or miss
 * (and fires keymiss unless `notifyMiss` is false, as LOOKUP_NONOTIFY), leaves the access time.
 */
export function peekRead(c: Client, key: string, notifyMiss = true, db: Database = c.db): Entry | undefined {
  const e = db.peek(key);
  countLookup(c, db, key, e, notifyMiss);
  return e;
}

/** lookupKeyRead of any type: like peekRead, but the key counts as accessed. */
export function getRead(c: Client, key: string): Entry | undefined {
  const e = c.db.get(key);
  countLookup(c, c.db, key, e, true);
  return e;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * getIntFromObjectOrReply: a C int. Without `err`, Redis's two texts (not an integer / out of
 * the int range); with it, `err` for both.
 */
export function int32Arg(s: string, err?: string): number {
  const v = parseIntNumber(s);
  if (v === null) fail(err ?? Err.notInteger);
  if (v < INT32_MIN || v > INT32_MAX) fail(err ?? Err.int32Range);
  return v;
}

/** A database by its number, or Redis's "DB index is out of range". */
export function dbArg(c: Client, id: number): Database {
  const dbs = c.engine.keyspace.dbs;
  if (id < 0 || id >= dbs.length) fail(Err.invalidDbIndex);
  return dbs[id];
}
