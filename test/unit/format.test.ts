/**
 * formatDouble is C's printf("%.17g"), which Redis 7.0 uses for doubles in replies. It is checked
 * against texts captured from redis-server 7.0.15 and, for many random doubles, against an
 * independent reference here that expands the exact binary value with BigInt and rounds
 * half-to-even as glibc does (JS's own toExponential/toFixed round exact ties away from zero).
 */
import { describe, expect, it } from 'vitest';
import { formatDouble } from '../../server/lib/format.ts';
import { seededRandom } from '../../server/lib/random.ts';

function referenceG17(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const sign = d < 0 ? '-' : '';
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(d));
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (bexp === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = bexp - 1075;
  }
  // Exact value = n / 10^scale.
  const n = e2 >= 0 ? mant << BigInt(e2) : mant * 5n ** BigInt(-e2);
  const scale = e2 >= 0 ? 0 : -e2;
  const ds = n.toString();
  let x = ds.length - 1 - scale;
  let sig: bigint;
  if (ds.length <= 17) sig = BigInt(ds.padEnd(17, '0'));
  else {
    const pow = 10n ** BigInt(ds.length - 17);
    sig = n / pow;
    const twice = (n % pow) * 2n;
    if (twice > pow || (twice === pow && sig % 2n === 1n)) sig += 1n;
    if (sig === 10n ** 17n) {
      sig = 10n ** 16n;
      x++;
    }
  }
  const s = sig.toString();
  if (x < -4 || x >= 17) {
    const m = s.replace(/0+$/, '');
    const mantissa = m.length > 1 ? `${m[0]}.${m.slice(1)}` : m;
    const ax = Math.abs(x);
    return `${sign}${mantissa}e${x < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  }
  const digits = x >= 0 ? s : '0'.repeat(-x) + s;
  const point = x >= 0 ? x + 1 : 1;
  const int = digits.slice(0, point);
  const frac = digits.slice(point).replace(/0+$/, '');
  return sign + int + (frac ? '.' + frac : '');
}

describe('formatDouble (%.17g)', () => {
  it('matches texts captured from redis-server 7.0 (ZSCORE)', () => {
    const cases: [number, string][] = [
      [1.1, '1.1000000000000001'],
      [1e300, '1.0000000000000001e+300'],
      [1e-5, '1.0000000000000001e-05'],
      [0.500003814697265625, '0.50000381469726562'],
      [5e-324, '4.9406564584124654e-324'],
      [123456789012345678, '1.2345678901234568e+17'],
      [0.0001, '0.0001'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
    ];
    for (const [d, s] of cases) expect(formatDouble(d), String(d)).toBe(s);
  });

  // Expected texts from C's printf (glibc) / Python's '%.17g', which agree.
  it('prints integers, zeros, and the %e/%f boundary like printf', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '-0'],
      [1, '1'],
      [-42, '-42'],
      [9007199254740991, '9007199254740991'],
      [2 ** 55, '36028797018963968'],
      [1e16, '10000000000000000'],
      [1e17, '1e+17'],
      [99999999999999999, '1e+17'],
      [0.1, '0.10000000000000001'],
      [0.00001234, '1.234e-05'],
      [0.0001234, '0.00012339999999999999'],
      [1.5e-10, '1.5e-10'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [2.2250738585072014e-308, '2.2250738585072014e-308'],
    ];
    for (const [d, s] of cases) expect(formatDouble(d), String(d)).toBe(s);
  });

  it('rounds exact ties to even (where toExponential would round up)', () => {
    // 131073 / 2^18 = 0.500003814697265625 exactly: 18 significant digits ending in 5.
    expect(formatDouble(131073 / 2 ** 18)).toBe('0.50000381469726562');
    expect(formatDouble(-131073 / 2 ** 18)).toBe('-0.50000381469726562');
    expect(formatDouble(131075 / 2 ** 18)).toBe('0.50001144409179688');
    for (let m = 1; m < 2000; m += 2) {
      const d = (2 ** 17 + m) / 2 ** 18;
      expect(formatDouble(d)).toBe(referenceG17(d));
    }
  });

  it('agrees with the exact reference on 100000 random doubles of every kind', () => {
    const r = seededRandom(2024);
    const dv = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 100000; i++) {
      let d: number;
      const k = i % 4;
      if (k === 0) {
        dv.setUint32(0, Math.floor(r() * 2 ** 32));
        dv.setUint32(4, Math.floor(r() * 2 ** 32));
        d = dv.getFloat64(0);
        if (!Number.isFinite(d)) continue;
      } else if (k === 1) d = ((Math.floor(r() * 2 ** 40) + 1) / 2 ** Math.floor(r() * 26)) * (r() < 0.5 ? -1 : 1);
      else if (k === 2) d = Math.floor(r() * 2 ** 53) / 2 ** Math.floor(1 + r() * 25);
      else d = (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
      const want = referenceG17(d);
      if (formatDouble(d) !== want) expect(formatDouble(d), String(d)).toBe(want);
    }
  });
});
