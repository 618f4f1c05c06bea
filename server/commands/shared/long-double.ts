/**
 * A software x87 80-bit long double, exact enough to reproduce Redis's INCRBYFLOAT / HINCRBYFLOAT
 * byte for byte. Redis parses with strtold, adds in long double (64-bit significand, 15-bit
 * exponent, round-to-nearest-even) and prints with "%.17Lf" before stripping trailing zeros
 * (ld2string LD_STR_HUMAN). JS doubles cannot do this: 10.5 + 0.1 is "10.6" in long double but
 * 10.6 + 0.1 differs in the last digits, so every step is done here on BigInts.
 *
 * A finite value is (-1)^neg × mant × 2^exp with mant < 2^64; normal values have bit 63 set,
 * subnormals and zero have exp === MIN_EXP.
 */
import { CommandError, Err } from '../../engine/errors.ts';

export interface LongDouble {
  /** 0 finite, 1 infinity, 2 NaN. */
  kind: 0 | 1 | 2;
  neg: boolean;
  mant: bigint;
  exp: number;
}

/** Exponent of the lowest significand bit of the smallest normal and of every subnormal. */
const MIN_EXP = -16445;
/** Largest exponent a value with a 64-bit significand can have (max = (2^64-1) × 2^16320). */
const MAX_EXP = 16320;
const MANT_BITS = 64;
/** Redis's MAX_LONG_DOUBLE_CHARS: string2ld rejects strings this long or longer. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const ZERO: LongDouble = { kind: 0, neg: false, mant: 0n, exp: MIN_EXP };

function inf(neg: boolean): LongDouble {
  return { kind: 1, neg, mant: 0n, exp: 0 };
}

const NAN: LongDouble = { kind: 2, neg: false, mant: 0n, exp: 0 };

function bitLength(v: bigint): number {
  // toString(16) is linear and exact; fine for the sizes used here (at most a few tens of kbits).
  if (v === 0n) return 0;
  const h = v.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0], 16)));
}

/**
 * Rounds (-1)^neg × m × 2^e (m ≥ 0) to a long double, nearest-even. `sticky` says the true value is
 * a little above m × 2^e (bits were already dropped); callers pass at least 66 significant bits then.
 */
function round(neg: boolean, m: bigint, e: number, sticky: boolean): LongDouble {
  if (m === 0n) return { kind: 0, neg, mant: 0n, exp: MIN_EXP };
  const len = bitLength(m);
  let newExp = e + len - MANT_BITS;
  if (newExp < MIN_EXP) newExp = MIN_EXP;
  const shift = newExp - e;
  let q: bigint;
  if (shift > 0) {
    const s = BigInt(shift);
    q = m >> s;
    const rem = m - (q << s);
    const half = 1n << (s - 1n);
    if (rem > half || (rem === half && (sticky || (q & 1n) === 1n))) q += 1n;
    if (q === 1n << 64n) {
      q >>= 1n;
      newExp++;
    }
  } else {
    q = m << BigInt(-shift);
  }
  if (q === 0n) return { kind: 0, neg, mant: 0n, exp: MIN_EXP };
  if (newExp > MAX_EXP) return inf(neg);
  return { kind: 0, neg, mant: q, exp: newExp };
}

// strtold's grammar, anchored: Redis requires the whole string to be consumed (eptr-buf == slen).
const DEC_RE = /^([+-]?)(?:([0-9]+)\.?([0-9]*)|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?$/;
const HEX_RE = /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

/** Parses a signed decimal exponent, saturating far outside any range that matters. */
function expValue(s: string | undefined): number {
  if (s === undefined) return 0;
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  let v = 0;
  for (; i < s.length; i++) {
    v = v * 10 + (s.charCodeAt(i) - 48);
    if (v > 1e9) {
      v = 1e9;
      break;
    }
  }
  return neg ? -v : v;
}

/**
 * string2ld: strtold plus Redis's checks. Null when the string is empty, too long, starts with a
 * space, is not entirely a number, is NaN, or overflows / underflows to zero (ERANGE).
 * "inf" and "infinity" parse (INCRBYFLOAT then fails on the sum, not on the parse).
 */
export function parseLongDouble(s: string): LongDouble | null {
  const n = s.length;
  if (n === 0 || n >= MAX_LONG_DOUBLE_CHARS) return null;
  let m = DEC_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const frac = m[2] !== undefined ? m[3] : m[4];
    let digits = intPart + frac;
    let k = expValue(m[5]) - frac.length;
    // Strip leading zeros; trailing zeros move into the exponent.
    let a = 0;
    while (a < digits.length && digits.charCodeAt(a) === 48) a++;
    let b = digits.length;
    while (b > a && digits.charCodeAt(b - 1) === 48) b--;
    if (a === b) return { kind: 0, neg, mant: 0n, exp: MIN_EXP };
    k += digits.length - b;
    digits = digits.slice(a, b);
    return decimalToLongDouble(neg, digits, k);
  }
  m = HEX_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2] ?? '';
    const frac = m[2] !== undefined ? m[3] : m[4];
    const h = BigInt('0x' + (intPart + frac || '0'));
    if (h === 0n) return { kind: 0, neg, mant: 0n, exp: MIN_EXP };
    const e = expValue(m[5]) - 4 * frac.length;
    const top = e + bitLength(h);
    if (top > MAX_EXP + MANT_BITS + 1) return null; // overflow: ERANGE with ±HUGE_VAL
    if (top < MIN_EXP - 2) return null; // underflow to zero: ERANGE with 0
    const r = round(neg, h, e, false);
    return r.kind !== 0 || r.mant === 0n ? null : r;
  }
  m = INF_RE.exec(s);
  if (m !== null) return inf(m[1] === '-');
  return null;
}

/** Correctly rounded digits × 10^k, or null on overflow / underflow to zero (as strtold's ERANGE). */
function decimalToLongDouble(neg: boolean, digits: string, k: number): LongDouble | null {
  const nd = digits.length;
  // Largest long double ≈ 1.19e4932; smallest subnormal ≈ 3.65e-4951 (half of it rounds to 0).
  if (nd - 1 + k > 4933) return null;
  if (nd + k < -4952) return null;
  const d = BigInt(digits);
  let r: LongDouble;
  if (k >= 0) {
    r = round(neg, d * 10n ** BigInt(k), 0, false);
  } else {
    const den = 10n ** BigInt(-k);
    const s = Math.max(0, MANT_BITS + 3 + bitLength(den) - bitLength(d));
    const num = d << BigInt(s);
    const q = num / den;
    r = round(neg, q, -s, q * den !== num);
  }
  if (r.kind !== 0 || r.mant === 0n) return null;
  return r;
}

/** a + b in long double arithmetic (exact sum, one rounding, nearest-even). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === 2 || b.kind === 2) return NAN;
  if (a.kind === 1 || b.kind === 1) {
    if (a.kind === 1 && b.kind === 1 && a.neg !== b.neg) return NAN;
    return a.kind === 1 ? a : b;
  }
  if (a.mant === 0n && b.mant === 0n) return { kind: 0, neg: a.neg && b.neg, mant: 0n, exp: MIN_EXP };
  if (a.mant === 0n) return b;
  if (b.mant === 0n) return a;
  const e = Math.min(a.exp, b.exp);
  const ma = a.mant << BigInt(a.exp - e);
  const mb = b.mant << BigInt(b.exp - e);
  let sum = (a.neg ? -ma : ma) + (b.neg ? -mb : mb);
  if (sum === 0n) return ZERO; // x + (-x) is +0 when rounding to nearest
  const neg = sum < 0n;
  if (neg) sum = -sum;
  return round(neg, sum, e, false);
}

export function isFiniteLongDouble(x: LongDouble): boolean {
  return x.kind === 0;
}

/** printf("%.17Lf", x): exact decimal expansion rounded half-even to 17 decimals, as glibc does. */
export function formatLongDoubleFixed17(x: LongDouble): string {
  if (x.kind === 1) return x.neg ? '-inf' : 'inf';
  if (x.kind === 2) return x.neg ? '-nan' : 'nan';
  const sign = x.neg ? '-' : '';
  if (x.exp >= 0) return sign + (x.mant << BigInt(x.exp)).toString() + '.00000000000000000';
  const sh = BigInt(-x.exp);
  const scaled = x.mant * 100000000000000000n;
  let q = scaled >> sh;
  const rem = scaled - (q << sh);
  const half = 1n << (sh - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  let digits = q.toString();
  if (digits.length < 18) digits = '0'.repeat(18 - digits.length) + digits;
  return sign + digits.slice(0, digits.length - 17) + '.' + digits.slice(digits.length - 17);
}

/** ld2string(..., LD_STR_HUMAN): "%.17Lf" without trailing zeros (and without "-0"). */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.kind === 1) return x.neg ? '-inf' : 'inf';
  let s = formatLongDoubleFixed17(x);
  if (s.indexOf('.') >= 0) {
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48) end--;
    if (s.charCodeAt(end - 1) === 46) end--;
    s = s.slice(0, end);
  }
  return s === '-0' ? '0' : s;
}

/** A long double holding an exact integer (HINCRBYFLOAT on an integer-encoded field). */
export function longDoubleFromInteger(v: bigint | number): LongDouble {
  let b = BigInt(v);
  const neg = b < 0n;
  if (neg) b = -b;
  return round(neg, b, 0, false);
}

/**
 * INCRBYFLOAT's arithmetic on string values: `current` is the key's value (null when missing),
 * `increment` the argument. Returns the new value as Redis stores and replies it.
 * Throws CommandError "ERR value is not a valid float" / "ERR increment would produce NaN or Infinity".
 *
 * With `hash` set it follows HINCRBYFLOAT's rules and texts instead: the increment is checked first
 * ("ERR value is not a valid float", then "ERR value is NaN or Infinity"), then the field's value
 * ("ERR hash value is not a float"). HINCRBYFLOAT checks the increment before the key's type; a
 * handler that needs that order can call parseIncrement() first.
 */
export function incrByFloatString(current: string | null, increment: string, hash = false): string {
  let value: LongDouble;
  let incr: LongDouble;
  if (hash) {
    incr = parseIncrement(increment);
    if (current === null) value = ZERO;
    else {
      const v = parseLongDouble(current);
      if (v === null) throw new CommandError(Err.hashValueNotFloat);
      value = v;
    }
  } else {
    const v = current === null ? ZERO : parseLongDouble(current);
    if (v === null) throw new CommandError(Err.notFloat);
    const i = parseLongDouble(increment);
    if (i === null) throw new CommandError(Err.notFloat);
    value = v;
    incr = i;
  }
  const sum = addLongDouble(value, incr);
  if (sum.kind !== 0) throw new CommandError(Err.incrFloatNaN);
  return formatLongDoubleHuman(sum);
}

/** HINCRBYFLOAT's increment check: a valid float that is neither NaN nor infinite. */
export function parseIncrement(increment: string): LongDouble {
  const i = parseLongDouble(increment);
  if (i === null) throw new CommandError(Err.notFloat);
  if (i.kind !== 0) throw new CommandError(Err.valueNaNOrInf);
  return i;
}
