/**
 * The one argument reader: numbers parsed exactly as Redis parses them (string2ll, strtod rules),
 * and a small cursor for option lists (NX|XX|GT|LT, EX seconds, LIMIT offset count, ...).
 */
import { Err, fail } from '../../engine/errors.ts';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const INT_RE = /^-?[1-9][0-9]*$/;

/** string2ll: exact int64 or null. No '+', no leading zeros, no spaces, "-0" rejected. */
export function parseInt64(s: string): bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  if (s === '0') return 0n;
  if (!INT_RE.test(s)) return null;
  const v = BigInt(s);
  if (v > INT64_MAX || v < INT64_MIN) return null;
  return v;
}

/**
 * string2ll returned as a JS number (exact below 2^53; beyond that the nearest double, which is
 * fine for counts, indexes and timeouts that get clamped anyway). Null when not an int64.
 */
export function parseIntNumber(s: string): number | null {
  const n = s.length;
  if (n > 0 && n < 16) {
    let i = 0;
    let neg = false;
    if (s.charCodeAt(0) === 45) {
      neg = true;
      i = 1;
      if (n === 1) return null;
    }
    const first = s.charCodeAt(i);
    if (first === 48) return n === 1 ? 0 : null;
    let v = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return null;
      v = v * 10 + c;
    }
    return neg ? -v : v;
  }
  const b = parseInt64(s);
  return b === null ? null : Number(b);
}

/** Integer argument or the given error (default: "value is not an integer or out of range"). */
export function intArg(s: string, err: string = Err.notInteger): number {
  const v = parseIntNumber(s);
  if (v === null) fail(err);
  return v;
}

/** Exact int64 argument or the given error. */
export function int64Arg(s: string, err: string = Err.notInteger): bigint {
  const v = parseInt64(s);
  if (v === null) fail(err);
  return v;
}

const FLOAT_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INF_RE = /^[+-]?(?:inf|infinity)$/i;
const HEX_RE = /^[+-]?0[xX][0-9a-fA-F]+$/;

/** string2d (strtod with Redis's checks): null when not a valid, finite-or-inf, non-NaN double. */
export function parseDouble(s: string): number | null {
  if (s.length === 0) return null;
  if (FLOAT_RE.test(s)) {
    const v = Number(s);
    if (v === Infinity || v === -Infinity) return null; // overflow (ERANGE)
    if (v === 0 && /[1-9]/.test(s.replace(/[eE].*$/, ''))) return null; // underflow to zero (ERANGE)
    return v;
  }
  if (INF_RE.test(s)) return s.charCodeAt(0) === 45 ? -Infinity : Infinity;
  if (HEX_RE.test(s)) {
    const neg = s.charCodeAt(0) === 45;
    const v = Number(s.replace(/^[+-]/, ''));
    return neg ? -v : v;
  }
  return null;
}

export function doubleArg(s: string, err: string = Err.notFloat): number {
  const v = parseDouble(s);
  if (v === null) fail(err);
  return v;
}

/** Upper-cased ASCII, cheap for the short option words handlers compare against. */
export function upper(s: string): string {
  return s.toUpperCase();
}

/**
 * A cursor over a command's arguments for option parsing. Handlers read all options first, then act:
 * a syntax error leaves nothing half-done.
 */
export class ArgReader {
  constructor(
    public readonly args: readonly string[],
    public pos: number,
  ) {}

  get done(): boolean {
    return this.pos >= this.args.length;
  }

  get remaining(): number {
    return this.args.length - this.pos;
  }

  /** The next argument upper-cased, without consuming it. */
  peekUpper(): string {
    return this.args[this.pos].toUpperCase();
  }

  next(): string {
    if (this.pos >= this.args.length) fail(Err.syntax);
    return this.args[this.pos++];
  }

  nextUpper(): string {
    return this.next().toUpperCase();
  }

  nextInt(err?: string): number {
    return intArg(this.next(), err);
  }

  nextInt64(err?: string): bigint {
    return int64Arg(this.next(), err);
  }

  nextDouble(err?: string): number {
    return doubleArg(this.next(), err);
  }
}
