/**
 * Number formatting exactly as Redis 7.0 prints it.
 */

const TWO_POW_25 = 33554432;
const E17 = 100000000000000000n;

/**
 * C's printf("%.17g", d), as Redis 7.0 uses for doubles in replies (ZSCORE, RESP3 doubles):
 * 17 significant digits of the exact binary value, rounded half-to-even like glibc, in %e style when
 * the exponent is < -4 or >= 17, trailing zeros removed.
 */
export function formatDouble(d: number): string {
  // Safe integers print exactly as themselves (the common case for scores and counters).
  if (Number.isSafeInteger(d)) return d === 0 && 1 / d < 0 ? '-0' : String(d);
  if (d !== d) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  // toExponential rounds ties away from zero; glibc rounds exact ties to even. A tie needs an
  // exact expansion of 18 significant digits, which only values with at most 25 fraction bits
  // can have: those take the exact path.
  let e = d.toExponential(16);
  if (Number.isInteger(d * TWO_POW_25) && !Number.isInteger(d)) e = exactExponential17(d);
  const ePos = e.indexOf('e');
  const x = +e.slice(ePos + 1);
  const neg = e.charCodeAt(0) === 45;
  const digits = neg ? e.slice(1, 2) + e.slice(3, ePos) : e.slice(0, 1) + e.slice(2, ePos); // 17 digits
  const sign = neg ? '-' : '';
  if (x < -4 || x >= 17) {
    let m = digits.length;
    while (m > 1 && digits.charCodeAt(m - 1) === 48) m--;
    const mant = m > 1 ? digits[0] + '.' + digits.slice(1, m) : digits[0];
    const ax = x < 0 ? -x : x;
    return sign + mant + 'e' + (x < 0 ? '-' : '+') + (ax < 10 ? '0' + ax : String(ax));
  }
  // %f style with 16 - x decimals.
  let intPart: string;
  let frac: string;
  if (x >= 0) {
    intPart = digits.slice(0, x + 1);
    frac = digits.slice(x + 1);
  } else {
    intPart = '0';
    frac = '0'.repeat(-x - 1) + digits;
  }
  let m = frac.length;
  while (m > 0 && frac.charCodeAt(m - 1) === 48) m--;
  return m > 0 ? sign + intPart + '.' + frac.slice(0, m) : sign + intPart;
}

/** toExponential(16) of a finite non-integer with at most 25 fraction bits, ties to even. */
function exactExponential17(d: number): string {
  const neg = d < 0;
  const a = neg ? -d : d;
  // a = n / 2^k exactly, so a = n × 5^k / 10^k: the decimal digits of n × 5^k, point k from the right.
  let k = 0;
  let scaled = a;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    k++;
  }
  const digits = (BigInt(scaled) * 5n ** BigInt(k)).toString();
  let x = digits.length - 1 - k; // decimal exponent of the first digit
  let sig: bigint;
  if (digits.length <= 17) {
    sig = BigInt(digits.padEnd(17, '0'));
  } else {
    const cut = digits.length - 17;
    const pow = 10n ** BigInt(cut);
    const all = BigInt(digits);
    sig = all / pow;
    const rem = all - sig * pow;
    const half = pow / 2n;
    if (rem > half || (rem === half && (sig & 1n) === 1n)) sig += 1n;
    if (sig === E17) {
      sig = E17 / 10n;
      x++;
    }
  }
  const s = sig.toString();
  return (neg ? '-' : '') + s[0] + '.' + s.slice(1) + 'e' + (x < 0 ? '-' : '+') + (x < 0 ? -x : x);
}

/** Redis's "%.17g" is used for RESP2; the helper above is the same text. */
export const formatDoubleReply = formatDouble;
