/**
 * Redis's stringmatchlen: glob-style matching over byte strings (* ? [abc] [^a-z] \x), used by
 * KEYS, SCAN MATCH, CONFIG GET, PSUBSCRIBE and CLIENT KILL filters.
 *
 * Iterative, so a pattern with many stars cannot overflow the stack. It backtracks only to the last
 * star seen, which is what Redis's recursive version does since its "skipLongerMatches" fix (a
 * failure after the last star cannot be rescued by stretching an earlier one), and keeps Redis's
 * quirks: an empty string matches only the empty pattern, and class ranges compare bytes as C's
 * signed `char` (so [a-\xff] is the range \xff..a).
 */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  const plen = pattern.length;
  const slen = str.length;
  if (slen === 0) return plen === 0;
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  for (;;) {
    if (si === slen) {
      while (pi < plen && pattern.charCodeAt(pi) === 42) pi++;
      if (pi === plen) return true;
    } else if (pi < plen) {
      if (pattern.charCodeAt(pi) === 42 /* * */) {
        while (pi + 1 < plen && pattern.charCodeAt(pi + 1) === 42) pi++;
        if (pi + 1 === plen) return true;
        starP = pi;
        starS = si;
        pi++;
        continue;
      }
      const next = matchOne(pattern, pi, str.charCodeAt(si), nocase);
      if (next >= 0) {
        pi = next;
        si++;
        continue;
      }
    }
    // Mismatch: let the last star swallow one more byte (never the whole rest, as Redis).
    if (starP < 0) return false;
    starS++;
    if (starS >= slen) return false;
    si = starS;
    pi = starP + 1;
  }
}

/** C's tolower in the C locale (only A-Z change). */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A byte as C's signed char, as stringmatchlen's range comparisons see it. */
function signed(c: number): number {
  return c > 127 ? c - 256 : c;
}

/**
 * Matches the single-byte token at p[pi] (?, [class], \x or a literal) against byte `c`.
 * Returns the index after the token, or -1 on mismatch.
 */
function matchOne(p: string, pi: number, c: number, nocase: boolean): number {
  const plen = p.length;
  const pc = p.charCodeAt(pi);
  if (pc === 63 /* ? */) return pi + 1;
  if (pc === 91 /* [ */) {
    pi++;
    const not = pi < plen && p.charCodeAt(pi) === 94; /* ^ */
    if (not) pi++;
    let matched = false;
    let next = plen; // an unterminated class is closed by the pattern's end
    for (;;) {
      if (pi >= plen) break;
      const x = p.charCodeAt(pi);
      if (x === 92 /* \ */ && plen - pi >= 2) {
        pi++;
        if (p.charCodeAt(pi) === c) matched = true;
      } else if (x === 93 /* ] */) {
        next = pi + 1;
        break;
      } else if (plen - pi >= 3 && p.charCodeAt(pi + 1) === 45 /* - */) {
        let start = signed(x);
        let end = signed(p.charCodeAt(pi + 2));
        let v = signed(c);
        if (start > end) {
          const t = start;
          start = end;
          end = t;
        }
        if (nocase) {
          start = lower(start);
          end = lower(end);
          v = lower(v);
        }
        pi += 2;
        if (v >= start && v <= end) matched = true;
      } else if (nocase ? lower(x) === lower(c) : x === c) {
        matched = true;
      }
      pi++;
    }
    if (not) matched = !matched;
    return matched ? next : -1;
  }
  let lit = pc;
  if (pc === 92 /* \ */ && plen - pi >= 2) {
    pi++;
    lit = p.charCodeAt(pi);
  }
  if (nocase ? lower(lit) !== lower(c) : lit !== c) return -1;
  return pi + 1;
}
