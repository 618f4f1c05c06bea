/**
 * Number formatting exactly as Redis 7.0 prints it.
 */

/** C's printf("%.17g", d), as Redis 7.0 uses for doubles in replies (ZSCORE, RESP3 doubles). */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(d)));
  // toExponential gives correctly rounded digits; derive the exponent from it (log10 may be off by one).
  const e = d.toExponential(16); // d.dddddddddddddddde±x : 17 significant digits
  const ePos = e.indexOf('e');
  const x = parseInt(e.slice(ePos + 1), 10);
  void exp;
  let mant = e.slice(0, ePos);
  if (x < -4 || x >= 17) {
    // %g exponential style: strip trailing zeros of the mantissa, exponent at least 2 digits.
    if (mant.indexOf('.') >= 0) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const ax = Math.abs(x);
    return mant + 'e' + (x < 0 ? '-' : '+') + (ax < 10 ? '0' + ax : String(ax));
  }
  // %f style with 17 - 1 - x decimals, then strip trailing zeros.
  let s = d.toFixed(Math.max(0, 16 - x));
  if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** Redis's "%.17g" is used for RESP2; the helper above is the same text. */
export const formatDoubleReply = formatDouble;
