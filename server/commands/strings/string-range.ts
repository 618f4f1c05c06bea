/**
 * Byte ranges of string values: GETRANGE/SUBSTR, SETRANGE, and LCS (longest common subsequence,
 * Redis's dynamic-programming table and backtrack, reproduced step for step so IDX ranges match).
 */
import type { Client } from '../../engine/client.ts';
import type { Entry } from '../../store/keyspace.ts';
import { intArg, int64Arg } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { readKey, writeKey } from '../shared/lookup.ts';

/**
 * V8's longest string (String::kMaxLength on 64-bit). Redis's default proto-max-bulk-len (512 MB) is
 * 24 bytes above it; a value that long cannot exist here, so it gets Redis's size error instead.
 */
const MAX_JS_STRING = 536870888;

/** Checks a new string length against proto-max-bulk-len (APPEND, SETRANGE, SETBIT ...). */
export function checkStringLength(c: Client, len: number): void {
  if (len > c.engine.config.int('proto-max-bulk-len') || len > MAX_JS_STRING) fail(Err.stringTooLong);
}

export function getrangeCommand(c: Client, args: string[]): void {
  // int64 exactly: with both ends negative, "start > end" must compare the exact values.
  let start = int64Arg(args[2]);
  let end = int64Arg(args[3]);
  const e = readKey(c, args[1], 'string');
  if (e === undefined) {
    c.reply.bulk('');
    return;
  }
  const str: string = e.value;
  const len = BigInt(str.length);
  if (start < 0n && end < 0n && start > end) {
    c.reply.bulk('');
    return;
  }
  if (start < 0n) start += len;
  if (end < 0n) end += len;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= len) end = len - 1n;
  if (start > end || len === 0n) c.reply.bulk('');
  else c.reply.bulk(str.slice(Number(start), Number(end) + 1));
}

export function setrangeCommand(c: Client, args: string[]): void {
  const key = args[1];
  const offset = intArg(args[2]);
  const value = args[3];
  if (offset < 0) fail(Err.offsetOutOfRange);
  const e = writeKey(c, key, 'string');
  let len: number;
  if (e === undefined) {
    // Setting nothing on a missing key creates nothing.
    if (value.length === 0) {
      c.reply.integer(0);
      return;
    }
    checkStringLength(c, offset + value.length);
    c.db.set(key, 'string', offset === 0 ? value : '\0'.repeat(offset) + value).enc = 'raw';
    len = offset + value.length;
  } else {
    const old: string = e.value;
    if (value.length === 0) {
      c.reply.integer(old.length);
      return;
    }
    checkStringLength(c, offset + value.length);
    const tail = offset + value.length;
    if (old.length <= offset) e.value = old + '\0'.repeat(offset - old.length) + value;
    else e.value = old.slice(0, offset) + value + (tail < old.length ? old.slice(tail) : '');
    e.enc = 'raw';
    len = e.value.length;
  }
  c.engine.modified(c.db, key, '$', 'setrange');
  c.reply.integer(len);
}

/** lookupKeyRead without a type check (LCS words its own type error). */
function lookupRead(c: Client, key: string): Entry | undefined {
  const e = c.db.get(key);
  if (e === undefined) {
    c.engine.stats.keyspaceMisses++;
    if (c.engine.notifyListeners.length > 0) c.engine.notify('m', 'keymiss', c.db.id, key);
  } else {
    c.engine.stats.keyspaceHits++;
  }
  return e;
}

export function lcsCommand(c: Client, args: string[]): void {
  const ea = lookupRead(c, args[1]);
  const eb = lookupRead(c, args[2]);
  if ((ea !== undefined && ea.type !== 'string') || (eb !== undefined && eb.type !== 'string')) fail(Err.lcsNotStrings);
  const a: string = ea === undefined ? '' : ea.value;
  const b: string = eb === undefined ? '' : eb.value;
  let getIdx = false;
  let getLen = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < args.length; j++) {
    const opt = args[j].toUpperCase();
    const more = args.length - 1 - j;
    if (opt === 'IDX') getIdx = true;
    else if (opt === 'LEN') getLen = true;
    else if (opt === 'WITHMATCHLEN') withMatchLen = true;
    else if (opt === 'MINMATCHLEN' && more > 0) {
      const v = int64Arg(args[++j]);
      minMatchLen = v < 0n ? 0 : v > 4294967295n ? Infinity : Number(v);
    } else fail(Err.syntax);
  }
  if (getIdx && getLen) fail(Err.lcsIdxAndLen);

  const alen = a.length;
  const blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > c.engine.config.int('proto-max-bulk-len')) fail(Err.lcsTooBig);
  let lcs: Uint32Array;
  try {
    lcs = new Uint32Array(cells);
  } catch {
    fail(Err.lcsAllocFailed);
  }
  const A = Buffer.from(a, 'latin1');
  const B = Buffer.from(b, 'latin1');
  const w = blen + 1;
  // Row 0 and column 0 stay 0 (the array starts zeroed).
  for (let i = 1; i <= alen; i++) {
    const ai = A[i - 1];
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ai === B[j - 1]) lcs[row + j] = lcs[prev + j - 1] + 1;
      else {
        const l1 = lcs[prev + j];
        const l2 = lcs[row + j - 1];
        lcs[row + j] = l1 > l2 ? l1 : l2;
      }
    }
  }

  const total = lcs[alen * w + blen];
  if (getLen && !getIdx) {
    c.reply.integer(total);
    return;
  }
  // Backtrack from the end, as Redis does, building the string and the matching ranges.
  const result = Buffer.allocUnsafe(total);
  let idx = total;
  const ranges: number[] = [];
  let aStart = alen; // alen means "no range open"
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    if (A[i - 1] === B[j - 1]) {
      result[idx - 1] = A[i - 1];
      if (aStart === alen) {
        aStart = i - 1;
        aEnd = i - 1;
        bStart = j - 1;
        bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      const l1 = lcs[(i - 1) * w + j];
      const l2 = lcs[i * w + j - 1];
      if (l1 > l2) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (getIdx && (minMatchLen === 0 || matchLen >= minMatchLen)) ranges.push(aStart, aEnd, bStart, bEnd, matchLen);
      aStart = alen;
    }
  }

  if (!getIdx) {
    c.reply.bulk(result.latin1Slice(0, total));
    return;
  }
  const r = c.reply;
  r.map(2);
  r.bulk('matches');
  const n = ranges.length / 5;
  r.array(n);
  for (let k = 0; k < ranges.length; k += 5) {
    r.array(withMatchLen ? 3 : 2);
    r.array(2);
    r.integer(ranges[k]);
    r.integer(ranges[k + 1]);
    r.array(2);
    r.integer(ranges[k + 2]);
    r.integer(ranges[k + 3]);
    if (withMatchLen) r.integer(ranges[k + 4]);
  }
  r.bulk('len');
  r.integer(total);
}
