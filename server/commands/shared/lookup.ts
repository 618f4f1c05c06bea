/**
 * Key lookups as handlers need them: typed, counting keyspace hits/misses for reads as Redis does,
 * raising WRONGTYPE when a key holds another type.
 */
import type { Entry, RedisType } from '../../store/keyspace.ts';
import type { Client } from '../../engine/client.ts';
import { Err, fail } from '../../engine/errors.ts';

/** lookupKeyRead + type check: counts a hit or a miss (and fires keymiss). */
export function readKey(c: Client, key: string, type: RedisType): Entry | undefined {
  const e = c.db.get(key);
  const stats = c.engine.stats;
  if (e === undefined) {
    stats.keyspaceMisses++;
    if (c.engine.notifyListeners.length > 0) c.engine.notify('m', 'keymiss', c.db.id, key);
    return undefined;
  }
  stats.keyspaceHits++;
  if (e.type !== type) fail(Err.wrongType);
  return e;
}

/** lookupKeyWrite + type check (no hit/miss accounting). */
export function writeKey(c: Client, key: string, type: RedisType): Entry | undefined {
  const e = c.db.get(key);
  if (e !== undefined && e.type !== type) fail(Err.wrongType);
  return e;
}

/** Throws WRONGTYPE if the key exists with another type (for checks before any change). */
export function checkType(c: Client, key: string, type: RedisType): void {
  const e = c.db.peek(key);
  if (e !== undefined && e.type !== type) fail(Err.wrongType);
}
