/**
 * Counters on string values: INCR/DECR/INCRBY/DECRBY (exact int64) and INCRBYFLOAT (x87 long
 * double, see long-double.ts). INCR is benchmarked against Redis: values and results that are safe
 * integers stay on plain numbers; only the rest goes through BigInt.
 */
import type { Client } from '../../engine/client.ts';
import { parseInt64, int64Arg } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { writeKey } from '../shared/lookup.ts';
import { incrByFloatString } from '../shared/long-double.ts';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * string2ll for strings of at most 15 digits (always exact as a double), else NaN. NaN does not
 * mean invalid: longer strings take the BigInt path.
 */
function smallInt(s: string): number {
  const n = s.length;
  if (n === 0 || n > 16) return NaN;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return NaN;
    neg = true;
    i = 1;
  }
  if (s.charCodeAt(i) === 48) return n === 1 ? 0 : NaN;
  if (n - i > 15) return NaN;
  let v = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

export function incrCommand(c: Client, args: string[]): void {
  incrDecr(c, args[1], 1);
}

export function decrCommand(c: Client, args: string[]): void {
  incrDecr(c, args[1], -1);
}

export function incrbyCommand(c: Client, args: string[]): void {
  const n = smallInt(args[2]);
  incrDecr(c, args[1], n === n ? n : int64Arg(args[2]));
}

export function decrbyCommand(c: Client, args: string[]): void {
  const n = smallInt(args[2]);
  if (n === n) {
    incrDecr(c, args[1], -n);
    return;
  }
  const v = int64Arg(args[2]);
  if (v === INT64_MIN) fail(Err.decrementOverflow);
  incrDecr(c, args[1], -v);
}

/** incrDecrCommand: `by` is a safe-integer number or an exact int64 BigInt. */
function incrDecr(c: Client, key: string, by: number | bigint): void {
  const e = writeKey(c, key, 'string');
  if (typeof by === 'number') {
    const cur = e === undefined ? 0 : smallInt(e.value);
    if (cur === cur) {
      const next = cur + by;
      if (next <= Number.MAX_SAFE_INTEGER && next >= Number.MIN_SAFE_INTEGER) {
        const s = String(next);
        if (e !== undefined) {
          e.value = s;
          e.enc = undefined; // a fresh integer object, as INCR stores one
        } else c.db.set(key, 'string', s);
        c.engine.modified(c.db, key, '$', 'incrby');
        c.reply.integer(next);
        return;
      }
    }
  }
  let cur = 0n;
  if (e !== undefined) {
    const v = parseInt64(e.value);
    if (v === null) fail(Err.notInteger);
    cur = v;
  }
  const next = cur + BigInt(by);
  if (next > INT64_MAX || next < INT64_MIN) fail(Err.overflow);
  const s = next.toString();
  if (e !== undefined) {
    e.value = s;
    e.enc = undefined;
  } else c.db.set(key, 'string', s);
  c.engine.modified(c.db, key, '$', 'incrby');
  c.reply.integer(next);
}

export function incrbyfloatCommand(c: Client, args: string[]): void {
  const key = args[1];
  const e = writeKey(c, key, 'string');
  const s = incrByFloatString(e === undefined ? null : e.value, args[2]);
  // The value is replaced in place: the key keeps its TTL, hence KEEPTTL in the propagated SET.
  if (e !== undefined) {
    e.value = s;
    e.enc = 'noint'; // Redis stores float results as strings, never int-encoded
  } else c.db.set(key, 'string', s).enc = 'noint';
  c.engine.modified(c.db, key, '$', 'incrbyfloat');
  c.engine.rewriteAs(['SET', key, s, 'KEEPTTL']);
  c.reply.bulk(s);
}
