/**
 * Stream IDs: <ms>-<seq>, each an unsigned 64-bit integer.
 *
 * Representation (chosen for exactness without BigInt on the common path): each 64-bit part is
 * kept as two uint32 halves, hi and lo, so an ID is four small integers. They live in Uint32Arrays
 * inside stream nodes (16 bytes an entry) and in plain objects elsewhere. Comparison is
 * lexicographic on (msHi, msLo, seqHi, seqLo). Every value up to 2^64-1 round-trips exactly;
 * BigInt is used only to parse or print values of 2^53 and above, which real timestamps never
 * reach (a ms time needs 41 bits, so hi < 2^21 and hi*2^32+lo is an exact double).
 */

export interface StreamId {
  msHi: number;
  msLo: number;
  seqHi: number;
  seqLo: number;
}

const TWO32 = 4294967296;
const MAXU32 = 0xffffffff;

export function makeId(msHi: number, msLo: number, seqHi: number, seqLo: number): StreamId {
  return { msHi, msLo, seqHi, seqLo };
}

/** An ID from a ms time and sequence that are exact doubles (< 2^53). */
export function idFromNumbers(ms: number, seq: number): StreamId {
  return { msHi: Math.floor(ms / TWO32), msLo: ms % TWO32, seqHi: Math.floor(seq / TWO32), seqLo: seq % TWO32 };
}

export const ID_ZERO: StreamId = Object.freeze(makeId(0, 0, 0, 0));
export const ID_MAX: StreamId = Object.freeze(makeId(MAXU32, MAXU32, MAXU32, MAXU32));

export function cmpParts(aH: number, aL: number, aSH: number, aSL: number, b: StreamId): number {
  if (aH !== b.msHi) return aH < b.msHi ? -1 : 1;
  if (aL !== b.msLo) return aL < b.msLo ? -1 : 1;
  if (aSH !== b.seqHi) return aSH < b.seqHi ? -1 : 1;
  if (aSL !== b.seqLo) return aSL < b.seqLo ? -1 : 1;
  return 0;
}

export function cmpId(a: StreamId, b: StreamId): number {
  return cmpParts(a.msHi, a.msLo, a.seqHi, a.seqLo, b);
}

export function isZeroId(a: StreamId): boolean {
  return a.msHi === 0 && a.msLo === 0 && a.seqHi === 0 && a.seqLo === 0;
}

export function isMaxId(a: StreamId): boolean {
  return a.msHi === MAXU32 && a.msLo === MAXU32 && a.seqHi === MAXU32 && a.seqLo === MAXU32;
}

/** streamIncrID: the next ID, or null past 2^64-1 - 2^64-1. */
export function incrId(a: StreamId): StreamId | null {
  let { msHi, msLo, seqHi, seqLo } = a;
  if (seqLo < MAXU32) return { msHi, msLo, seqHi, seqLo: seqLo + 1 };
  if (seqHi < MAXU32) return { msHi, msLo, seqHi: seqHi + 1, seqLo: 0 };
  if (msLo < MAXU32) msLo++;
  else if (msHi < MAXU32) {
    msHi++;
    msLo = 0;
  } else return null;
  return { msHi, msLo, seqHi: 0, seqLo: 0 };
}

/** streamDecrID: the previous ID, or null below 0-0. */
export function decrId(a: StreamId): StreamId | null {
  let { msHi, msLo, seqHi, seqLo } = a;
  if (seqLo > 0) return { msHi, msLo, seqHi, seqLo: seqLo - 1 };
  if (seqHi > 0) return { msHi, msLo, seqHi: seqHi - 1, seqLo: MAXU32 };
  if (msLo > 0) msLo--;
  else if (msHi > 0) {
    msHi--;
    msLo = MAXU32;
  } else return null;
  return { msHi, msLo, seqHi: MAXU32, seqLo: MAXU32 };
}

/**
 * The last large value printed: consecutive IDs mostly share their ms part (a busy stream adds
 * many entries per ms), and printing a non-Smi number is a dtoa each time.
 */
let cachedValue = -1;
let cachedText = '';

/** Decimal text of a 64-bit value given as halves. */
export function u64ToString(hi: number, lo: number): string {
  if (hi === 0 && lo < 0x40000000) return String(lo);
  if (hi < 0x200000) {
    const v = hi * TWO32 + lo;
    if (v !== cachedValue) {
      cachedValue = v;
      cachedText = String(v);
    }
    return cachedText;
  }
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** A 64-bit value as a BigInt (slow path). */
export function u64Big(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

export function idToString(a: StreamId): string {
  return u64ToString(a.msHi, a.msLo) + '-' + u64ToString(a.seqHi, a.seqLo);
}

export function partsToString(h: number, l: number, sh: number, sl: number): string {
  return u64ToString(h, l) + '-' + u64ToString(sh, sl);
}

const U64_MAX = (1n << 64n) - 1n;

/**
 * string2ull as Redis 7.0 uses it for ID parts: a strict int64 (string2ll) must not be negative;
 * otherwise strtoull rules apply (leading spaces, a sign, leading zeros; a '-' negates modulo 2^64;
 * out of range is an error). Returns [hi, lo] or null.
 */
export function parseU64(s: string): [number, number] | null {
  const n = s.length;
  // Fast path: plain digits that fit an exact double (covers every real timestamp and sequence).
  if (n > 0 && n <= 15) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === n) return [Math.floor(v / TWO32), v % TWO32];
  }
  if (isStrictInt64(s)) {
    const v = BigInt(s);
    if (v < 0n) return null;
    return [Number(v >> 32n), Number(v & 0xffffffffn)];
  }
  // strtoull
  let i = 0;
  while (i < n && isSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s[i] === '+' || s[i] === '-')) {
    neg = s[i] === '-';
    i++;
  }
  const start = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === start || i !== n) return null;
  let v = BigInt(s.slice(start));
  if (v > U64_MAX) return null;
  if (neg) v = (U64_MAX + 1n - v) & U64_MAX;
  return [Number(v >> 32n), Number(v & 0xffffffffn)];
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** string2ll's accepted form: optional '-', no leading zeros, digits, within int64. */
export function isStrictInt64(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  if (n === 1 && s === '0') return true;
  let i = 0;
  if (s[0] === '-') i = 1;
  if (i >= n) return false;
  const c0 = s.charCodeAt(i);
  if (c0 < 49 || c0 > 57) return false;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (n < 19) return true;
  const v = BigInt(s);
  return v >= -(1n << 63n) && v < 1n << 63n;
}

/**
 * streamGenericParseIDOrReply: "-" / "+" (unless strict), "<ms>", "<ms>-<seq>", and "<ms>-*" when
 * autoSeq. A missing seq becomes missingSeqMax ? 2^64-1 : 0. Returns null when invalid; `out.auto`
 * tells whether the seq was "*".
 */
export function parseStreamId(arg: string, strict: boolean, missingSeqMax: boolean, autoSeq: boolean, out?: { auto: boolean }): StreamId | null {
  if (arg.length > 127) return null;
  if (out !== undefined) out.auto = false;
  // Redis parses a C string: it ends at the first NUL byte.
  const s = cutNul(arg);
  if (s.length === 1) {
    if (s === '-') return strict ? null : ID_ZERO;
    if (s === '+') return strict ? null : ID_MAX;
  }
  const dash = s.indexOf('-');
  const msPart = dash < 0 ? s : s.slice(0, dash);
  const ms = parseU64(msPart);
  if (ms === null) return null;
  if (dash < 0) {
    return missingSeqMax ? makeId(ms[0], ms[1], MAXU32, MAXU32) : makeId(ms[0], ms[1], 0, 0);
  }
  const seqPart = s.slice(dash + 1);
  if (autoSeq && seqPart === '*') {
    if (out !== undefined) out.auto = true;
    return makeId(ms[0], ms[1], 0, 0);
  }
  const seq = parseU64(seqPart);
  if (seq === null) return null;
  return makeId(ms[0], ms[1], seq[0], seq[1]);
}

function cutNul(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}
