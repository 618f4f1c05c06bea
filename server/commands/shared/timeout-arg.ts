/** The timeout argument of the blocking commands (BLPOP, BLMOVE, BZPOPMIN, BLMPOP, ...), read as Redis 7.0 reads it. */
import { parseDouble } from './args.ts';
import { Err, fail } from '../../engine/errors.ts';

/**
 * A blocking timeout argument in seconds as an absolute ms time, 0 meaning forever, exactly as
 * Redis 7.0.15 reads it: a long double, times 1000, rounded up (so 0.0001 waits 1 ms), then cast to
 * long long. A value past the int64 range (1e20, inf) casts to LLONG_MIN and is reported as
 * negative; a tiny negative value rounds up to 0 and waits forever. Redis 7.0 does not check that
 * now + ms overflows: such a timeout never fires, and here it lands in the far future.
 */
export function timeoutArg(now: number, s: string): number {
  const v = parseLongDouble(s);
  if (v === null) fail(Err.timeoutNotFloat);
  const ms = Math.ceil(v * 1000);
  if (ms >= 2 ** 53 && ms <= 2 ** 64) {
    // Near the int64 limit a double is too coarse to tell what long double arithmetic gives.
    const exact = exactMs(s);
    if (exact !== null) {
      if (exact >= 2n ** 63n) fail(Err.timeoutNegative);
      return now + Number(exact);
    }
  }
  if (!(ms < 2 ** 63) || ms < 0) fail(Err.timeoutNegative);
  if (ms === 0) return 0;
  return now + ms;
}

/** ceil(seconds * 1000) computed exactly for a plain positive decimal ("123.456"), else null. */
function exactMs(s: string): bigint | null {
  const m = /^\+?([0-9]*)(?:\.([0-9]*))?$/.exec(s);
  if (m === null) return null;
  const frac = m[2] ?? '';
  const ms = BigInt(m[1] || '0') * 1000n + BigInt((frac + '000').slice(0, 3));
  return /[1-9]/.test(frac.slice(3)) ? ms + 1n : ms;
}

const DECIMAL_RE = /^[+-]?([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;

/**
 * string2ld: like parseDouble, but a decimal that only overflows or underflows a double is still
 * valid when it fits a long double (about 1e-4951 to 1e4932): it becomes ±Infinity or the smallest
 * double of its sign, which is all a timeout needs.
 */
function parseLongDouble(s: string): number | null {
  if (s.length === 0 || s.length >= 5 * 1024) return null;
  const v = parseDouble(s);
  if (v !== null) return v;
  const m = DECIMAL_RE.exec(s);
  if (m === null || (m[1] === '' && (m[2] ?? '') === '')) return null;
  const digits = m[1] + (m[2] ?? '');
  const firstNonZero = digits.search(/[1-9]/);
  if (firstNonZero < 0) return null;
  const exp10 = Number(m[3] ?? '0') + m[1].length - 1 - firstNonZero;
  if (exp10 > 4931 || exp10 < -4950) return null;
  const neg = s.charCodeAt(0) === 45;
  if (exp10 > 0) return neg ? -Infinity : Infinity;
  return neg ? -Number.MIN_VALUE : Number.MIN_VALUE;
}
