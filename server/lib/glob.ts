/**
 * Redis's stringmatchlen: glob-style matching over byte strings (* ? [abc] [^a-z] \x), used by
 * KEYS, SCAN MATCH, CONFIG GET, PSUBSCRIBE and CLIENT KILL filters.
 */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return match(pattern, 0, str, 0, nocase, 0);
}

function lower(c: number, nocase: boolean): number {
  return nocase && c >= 65 && c <= 90 ? c + 32 : c;
}

function match(p: string, pi: number, s: string, si: number, nocase: boolean, depth: number): boolean {
  const plen = p.length;
  const slen = s.length;
  if (depth > 1000) return false; // Redis guards against pathological nesting the same way
  while (pi < plen && si < slen + (p.charCodeAt(pi) === 42 ? 1 : 0)) {
    const pc = p.charCodeAt(pi);
    if (pc === 42 /* * */) {
      while (pi + 1 < plen && p.charCodeAt(pi + 1) === 42) pi++;
      if (pi + 1 === plen) return true;
      for (let k = si; k <= slen; k++) {
        if (match(p, pi + 1, s, k, nocase, depth + 1)) return true;
      }
      return false;
    }
    if (si >= slen) break;
    const sc = s.charCodeAt(si);
    if (pc === 63 /* ? */) {
      si++;
      pi++;
      continue;
    }
    if (pc === 91 /* [ */) {
      pi++;
      const not = p.charCodeAt(pi) === 94; /* ^ */
      if (not) pi++;
      let matched = false;
      for (;;) {
        if (pi >= plen) {
          pi--; // unterminated class: Redis treats the end as closing it
          break;
        }
        const c = p.charCodeAt(pi);
        if (c === 92 /* \ */ && pi + 2 < plen) {
          pi++;
          if (p.charCodeAt(pi) === sc) matched = true;
        } else if (c === 93 /* ] */) {
          break;
        } else if (pi + 2 < plen && p.charCodeAt(pi + 1) === 45 /* - */) {
          let start = p.charCodeAt(pi);
          let end = p.charCodeAt(pi + 2);
          let x = sc;
          if (start > end) [start, end] = [end, start];
          if (nocase) {
            start = lower(start, true);
            end = lower(end, true);
            x = lower(x, true);
          }
          pi += 2;
          if (x >= start && x <= end) matched = true;
        } else if (lower(c, nocase) === lower(sc, nocase)) {
          matched = true;
        }
        pi++;
      }
      if (not) matched = !matched;
      if (!matched) return false;
      si++;
      pi++;
      continue;
    }
    if (pc === 92 /* \ */ && pi + 1 < plen) {
      pi++;
    }
    if (lower(p.charCodeAt(pi), nocase) !== lower(sc, nocase)) return false;
    si++;
    pi++;
  }
  if (si >= slen) {
    while (pi < plen && p.charCodeAt(pi) === 42) pi++;
  }
  return pi >= plen && si >= slen;
}
