import { describe, expect, it } from 'vitest';
import { globMatch } from '../../server/lib/glob.ts';
import { seededRandom } from '../../server/lib/random.ts';

/**
 * The model: a literal port of Redis 7.0's recursive stringmatchlen_impl (util.c), with C's
 * signed char and NUL-terminated pattern reads, to check the iterative globMatch against.
 */
function redisMatch(pattern: string, str: string, nocase = false): boolean {
  const skip = { v: false };
  return impl(pattern, 0, str, 0, nocase, skip);
}

function impl(p: string, pi: number, s: string, si: number, nocase: boolean, skip: { v: boolean }): boolean {
  const at = (x: string, i: number) => (i < x.length ? x.charCodeAt(i) : 0);
  const sc = (c: number) => (c > 127 ? c - 256 : c);
  const tl = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
  let plen = p.length - pi;
  let slen = s.length - si;
  while (plen && slen) {
    switch (at(p, pi)) {
      case 42: {
        while (plen && at(p, pi + 1) === 42) {
          pi++;
          plen--;
        }
        if (plen === 1) return true;
        while (slen) {
          if (impl(p, pi + 1, s, si, nocase, skip)) return true;
          if (skip.v) return false;
          si++;
          slen--;
        }
        skip.v = true;
        return false;
      }
      case 63:
        si++;
        slen--;
        break;
      case 91: {
        pi++;
        plen--;
        const not = at(p, pi) === 94;
        if (not) {
          pi++;
          plen--;
        }
        let match = false;
        for (;;) {
          if (at(p, pi) === 92 && plen >= 2) {
            pi++;
            plen--;
            if (at(p, pi) === at(s, si)) match = true;
          } else if (at(p, pi) === 93) {
            break;
          } else if (plen === 0) {
            pi--;
            plen++;
            break;
          } else if (plen >= 3 && at(p, pi + 1) === 45) {
            let start = sc(at(p, pi));
            let end = sc(at(p, pi + 2));
            let c = sc(at(s, si));
            if (start > end) [start, end] = [end, start];
            if (nocase) {
              start = tl(start);
              end = tl(end);
              c = tl(c);
            }
            pi += 2;
            plen -= 2;
            if (c >= start && c <= end) match = true;
          } else if (nocase ? tl(at(p, pi)) === tl(at(s, si)) : at(p, pi) === at(s, si)) {
            match = true;
          }
          pi++;
          plen--;
        }
        if (not) match = !match;
        if (!match) return false;
        si++;
        slen--;
        break;
      }
      case 92:
        if (plen >= 2) {
          pi++;
          plen--;
        }
      // falls through
      default:
        if (nocase ? tl(at(p, pi)) !== tl(at(s, si)) : at(p, pi) !== at(s, si)) return false;
        si++;
        slen--;
        break;
    }
    pi++;
    plen--;
    if (slen === 0) {
      while (at(p, pi) === 42) {
        pi++;
        plen--;
      }
      break;
    }
  }
  return plen === 0 && slen === 0;
}

describe('globMatch', () => {
  // Each row was checked against redis-server 7.0.15 with KEYS (pattern, key, matches).
  const redisCases: [string, string, boolean][] = [
    ['h?llo', 'hello', true],
    ['h*llo', 'heeeello', true],
    ['h[ae]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['*', 'x', true],
    ['**', '', false], // an empty key matches only the empty pattern
    ['***', '', false],
    ['', '', true],
    ['a*', 'a', true],
    ['a*b*', 'ab', true],
    ['[\\x', 'x', true], // escape inside an unterminated class
    ['[\\x', '\\', false],
    ['[*z^\\b', '\\', false],
    ['[a[\\A', '\\', false],
    ['[a[\\A', 'A', true],
    [']\\', ']\\', true],
    ['[a-\xff]', 'b', false], // signed char: the range is \xff..a
    ['[a-\xff]', '\xff', true],
    ['[a-\xff]', 'a', true],
    ['[a-\xff]', '\x80', false],
    ['][z\xff-\\', ']A', true],
    ['][z\xff-\\', ']a', false],
    ['[]a]', 'a', false], // ']' right after '[' closes an empty class
    ['[]a]', ']', false],
    ['[^]a', 'xa', true],
    ['[abc', 'c', true], // unterminated class ends the pattern
    ['[abc', 'cd', false],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['a\\', 'a\\', true], // a trailing backslash is literal
    ['[z-a]', 'm', true], // reversed range
  ];

  it.each(redisCases)('%j vs %j → %s (as redis-server)', (pattern, str, want) => {
    expect(globMatch(pattern, str)).toBe(want);
    expect(redisMatch(pattern, str)).toBe(want);
  });

  it('agrees with the port of stringmatchlen on random patterns (both cases)', () => {
    const rand = seededRandom(42);
    const alpha = ['a', 'b', 'A', 'B', '-', '[', ']', '^', '\\', '*', '?', '\xff', '\x80', 'z', '\x00'];
    const pick = () => alpha[Math.floor(rand() * alpha.length)];
    const gen = (max: number) => {
      let s = '';
      const n = Math.floor(rand() * (max + 1));
      for (let i = 0; i < n; i++) s += pick();
      return s;
    };
    let matches = 0;
    for (let i = 0; i < 40000; i++) {
      const p = gen(8);
      const s = gen(6);
      const nocase = i % 2 === 1;
      const want = redisMatch(p, s, nocase);
      if (want) matches++;
      if (globMatch(p, s, nocase) !== want) throw new Error(`pattern ${JSON.stringify(p)} string ${JSON.stringify(s)} nocase ${nocase}: want ${want}`);
    }
    expect(matches).toBeGreaterThan(1000); // the sample exercises matches, not only failures
  });

  it('handles nocase', () => {
    expect(globMatch('HeLLo', 'hello', true)).toBe(true);
    expect(globMatch('[A-C]x', 'bX', true)).toBe(true);
    expect(globMatch('[A-C]x', 'bX', false)).toBe(false);
  });

  it('stays fast and stack-safe on pathological patterns', () => {
    const star = '*a'.repeat(50000) + 'b';
    const t0 = performance.now();
    expect(globMatch(star, 'a'.repeat(60000))).toBe(false);
    expect(globMatch('a*'.repeat(20) + 'b', 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});
