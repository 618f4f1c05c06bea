/**
 * The value syntax of configuration parameters, as Redis 7.0 parses and prints it: integers
 * (string2ll), memory sizes (memtoull, quirks included: "" and "kb" are 0, overflow wraps), C's
 * strtoll where Redis uses it, config-line splitting (sdssplitargs) and quoting (sdscatrepr), and the
 * special formats (save points, output buffer classes, keyspace-event flags, ...). Values are byte
 * strings (latin1), like everything else in Podium.
 */

export type Parsed = { value: string; num?: number } | { error: string };

export const LLONG_MAX = (1n << 63n) - 1n;
export const LLONG_MIN = -(1n << 63n);
export const ULLONG_MAX = (1n << 64n) - 1n;
export const INT_MAX = 2147483647n;
export const INT_MIN = -2147483648n;
export const UINT_MAX = 4294967295n;

const INT_RE = /^-?[1-9][0-9]*$/;

/** string2ll: exact int64 or null. No '+', no leading zeros or spaces, "-0" rejected. */
export function string2ll(s: string): bigint | null {
  if (s === '0') return 0n;
  if (s.length > 20 || !INT_RE.test(s)) return null;
  const v = BigInt(s);
  return v > LLONG_MAX || v < LLONG_MIN ? null : v;
}

const MEMORY_UNITS: Record<string, bigint> = {
  '': 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/**
 * memtoull: "100", "1kb", "5MB", "1g" → bytes as an unsigned 64-bit value; null when invalid.
 * Like Redis: the digits may be missing ("" and "kb" are 0), strtoull saturates, and the unit
 * multiplies modulo 2^64.
 */
export function memtoull(s: string): bigint | null {
  if (s.charCodeAt(0) === 45 /* - */) return null;
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const mul = MEMORY_UNITS[s.slice(i).toLowerCase()];
  if (mul === undefined || i >= 128) return null;
  let v = i === 0 ? 0n : BigInt(s.slice(0, i));
  if (v > ULLONG_MAX) v = ULLONG_MAX;
  return BigInt.asUintN(64, v * mul);
}

/** memtoull as a JS number (for code that only needs the magnitude). */
export function parseMemory(s: string): number | null {
  const v = memtoull(s);
  return v === null ? null : Number(v);
}

function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * C strtoll(s, &end, base) followed by Redis's "*end must be the end": leading whitespace and a sign
 * are allowed, out-of-range values saturate, and with no digits at all end stays at the start, so
 * only the empty string passes (as 0).
 */
export function strtollFull(s: string, base = 10): bigint | null {
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-';
    i++;
  }
  const digitsStart = i;
  const maxDigit = 48 + base;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) < maxDigit) i++;
  if (i === digitsStart) return s.length === 0 ? 0n : null;
  if (i !== s.length) return null;
  let v = 0n;
  for (let k = digitsStart; k < i; k++) v = v * BigInt(base) + BigInt(s.charCodeAt(k) - 48);
  if (neg) v = -v;
  return v > LLONG_MAX ? LLONG_MAX : v < LLONG_MIN ? LLONG_MIN : v;
}

/** rewriteConfigFormatMemory: bytes with the largest exact unit (CONFIG REWRITE). */
export function formatMemory(bytes: bigint): string {
  const gb = 1024n * 1024n * 1024n;
  const mb = 1024n * 1024n;
  if (bytes !== 0n && bytes % gb === 0n) return `${bytes / gb}gb`;
  if (bytes !== 0n && bytes % mb === 0n) return `${bytes / mb}mb`;
  if (bytes !== 0n && bytes % 1024n === 0n) return `${bytes / 1024n}kb`;
  return String(bytes);
}

const HEX = /[0-9a-fA-F]/;

/** sdssplitargs: words, "double quoted" (with \n \xHH escapes) and 'single quoted' strings. Null on unbalanced quotes. */
export function splitConfigLine(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let p = 0;
  for (;;) {
    while (p < n && isCSpace(line.charCodeAt(p))) p++;
    if (p >= n) return out;
    let inq = false;
    let insq = false;
    let cur = '';
    for (let done = false; !done; ) {
      const ch = p < n ? line[p] : '';
      if (inq) {
        if (ch === '\\' && line[p + 1] === 'x' && HEX.test(line[p + 2] ?? '') && HEX.test(line[p + 3] ?? '')) {
          cur += String.fromCharCode(parseInt(line.slice(p + 2, p + 4), 16));
          p += 3;
        } else if (ch === '\\' && p + 1 < n) {
          const e = line[++p];
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (ch === '"') {
          // A closing quote must be followed by a space or nothing at all.
          if (p + 1 < n && !isCSpace(line.charCodeAt(p + 1))) return null;
          done = true;
        } else if (ch === '') return null;
        else cur += ch;
      } else if (insq) {
        if (ch === '\\' && line[p + 1] === "'") {
          p++;
          cur += "'";
        } else if (ch === "'") {
          if (p + 1 < n && !isCSpace(line.charCodeAt(p + 1))) return null;
          done = true;
        } else if (ch === '') return null;
        else cur += ch;
      } else if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t' || ch === '') done = true;
      else if (ch === '"') inq = true;
      else if (ch === "'") insq = true;
      else cur += ch;
      if (p < n) p++;
    }
    out.push(cur);
  }
}

/** sdscatrepr: a double-quoted, escaped form that splitConfigLine reads back exactly. */
export function quoteConfigValue(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c < 32 || c >= 127) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

// ==== special formats ===========================================================================

/** Keyspace-event classes, as Redis numbers them (config.int('notify-keyspace-events') holds them). */
export const NOTIFY = {
  KEYSPACE: 1 << 0, // K
  KEYEVENT: 1 << 1, // E
  GENERIC: 1 << 2, // g
  STRING: 1 << 3, // $
  LIST: 1 << 4, // l
  SET: 1 << 5, // s
  HASH: 1 << 6, // h
  ZSET: 1 << 7, // z
  EXPIRED: 1 << 8, // x
  EVICTED: 1 << 9, // e
  STREAM: 1 << 10, // t
  KEY_MISS: 1 << 11, // m (not part of A)
  MODULE: 1 << 13, // d
  NEW: 1 << 14, // n (not part of A)
  ALL: 0b10011111111100, // A = g$lshzxetd
} as const;

/** Flag letters in the order keyspaceEventsFlagsToString prints them (after A/K/E handling). */
const EVENT_CLASSES: [string, number][] = [
  ['g', NOTIFY.GENERIC],
  ['$', NOTIFY.STRING],
  ['l', NOTIFY.LIST],
  ['s', NOTIFY.SET],
  ['h', NOTIFY.HASH],
  ['z', NOTIFY.ZSET],
  ['x', NOTIFY.EXPIRED],
  ['e', NOTIFY.EVICTED],
  ['t', NOTIFY.STREAM],
  ['d', NOTIFY.MODULE],
  ['n', NOTIFY.NEW],
];
const EVENT_LETTERS = new Map<string, number>([...EVENT_CLASSES, ['A', NOTIFY.ALL], ['K', NOTIFY.KEYSPACE], ['E', NOTIFY.KEYEVENT], ['m', NOTIFY.KEY_MISS]]);

/** keyspaceEventsStringToFlags: -1 on an unknown letter (letters are case-sensitive). */
export function keyspaceEventsToFlags(s: string): number {
  let flags = 0;
  for (const ch of s) {
    const f = EVENT_LETTERS.get(ch);
    if (f === undefined) return -1;
    flags |= f;
  }
  return flags;
}

/** keyspaceEventsFlagsToString: note 'n' is not printed next to 'A', as in Redis. */
export function keyspaceEventsToString(flags: number): string {
  let s = '';
  if ((flags & NOTIFY.ALL) === NOTIFY.ALL) s = 'A';
  else for (const [ch, f] of EVENT_CLASSES) if (flags & f) s += ch;
  if (flags & NOTIFY.KEYSPACE) s += 'K';
  if (flags & NOTIFY.KEYEVENT) s += 'E';
  if (flags & NOTIFY.KEY_MISS) s += 'm';
  return s;
}

export function parseKeyspaceEvents(args: string[]): Parsed {
  const flags = keyspaceEventsToFlags(args[0]);
  if (flags < 0) return { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." };
  return { value: keyspaceEventsToString(flags), num: flags };
}

export interface ParseContext {
  /** The parameter's current value. */
  current: string;
  /** Read from a config file or the command line (not CONFIG SET). */
  fromFile: boolean;
  /** A save directive was already read from the configuration: later ones add to it. */
  seenInFile: boolean;
}

/** setConfigSaveOption: "seconds changes" pairs; seconds >= 1, changes >= 0 (an int, so it wraps). */
export function parseSave(args: string[], ctx: ParseContext): Parsed {
  if (args.length === 1 && args[0] === '') return { value: '' }; // save "" always clears
  const err = { error: 'Invalid save parameters' };
  if (args.length % 2 !== 0) return err;
  const pairs: string[] = ctx.fromFile && ctx.seenInFile && ctx.current !== '' ? [ctx.current] : [];
  for (let j = 0; j < args.length; j += 2) {
    const secs = strtollFull(args[j]);
    const changes = strtollFull(args[j + 1]);
    if (secs === null || changes === null || secs < 1n || changes < 0n) return err;
    pairs.push(`${secs} ${BigInt.asIntN(32, changes)}`);
  }
  return { value: pairs.join(' ') };
}

/** Save points of a save value: [seconds, changes][]. */
export function savePoints(value: string): [number, number][] {
  const w = value === '' ? [] : value.split(' ');
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < w.length; i += 2) out.push([Number(w[i]), Number(w[i + 1])]);
  return out;
}

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'];

/** setConfigClientOutputBufferLimitOption: updates the named classes of the current value. */
export function parseOutputBufferLimit(args: string[], current: string): Parsed {
  if (args.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
  const cur = current.split(' ');
  const classes = new Map<string, string>();
  for (let i = 0; i + 3 < cur.length; i += 4) classes.set(cur[i], cur.slice(i + 1, i + 4).join(' '));
  for (let j = 0; j < args.length; j += 4) {
    let cls = args[j].toLowerCase();
    if (cls === 'replica') cls = 'slave';
    if (!OBUF_CLASSES.includes(cls)) return { error: 'Invalid client class specified in buffer limit configuration.' };
    const hard = memtoull(args[j + 1]);
    const soft = memtoull(args[j + 2]);
    const secsLL = strtollFull(args[j + 3]);
    const secs = secsLL === null ? -1n : BigInt.asIntN(32, secsLL); // kept in an int
    if (hard === null || soft === null || secs < 0n) {
      return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
    }
    classes.set(cls, `${hard} ${soft} ${secs}`);
  }
  return { value: OBUF_CLASSES.map((c) => `${c} ${classes.get(c) ?? '0 0 0'}`).join(' ') };
}

export function parseOomScoreAdjValues(args: string[]): Parsed {
  if (args.length !== 3) return { error: 'wrong number of arguments' };
  const out: bigint[] = [];
  for (const a of args) {
    const v = strtollFull(a);
    if (v === null || v < -2000n || v > 2000n) return { error: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' };
    out.push(v);
  }
  return { value: out.join(' ') };
}

const DECIMAL_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const INF_RE = /^[+-]?(?:inf|infinity)$/i;

/** setConfigLatencyTrackingInfoPercentilesOutputOption: string2ld each, printed "%f" trimmed. */
export function parsePercentiles(args: string[]): Parsed {
  if (args.length === 1 && args[0] === '') return { value: '' };
  const out: string[] = [];
  for (const a of args) {
    const v = INF_RE.test(a) ? (a[0] === '-' ? -Infinity : Infinity) : DECIMAL_RE.test(a) ? Number(a) : NaN;
    // strtold's range is wider than a double's: "1e400" is a number, just out of 0..100.
    if (Number.isNaN(v)) return { error: 'Invalid latency-tracking-info-percentiles parameters' };
    if (v > 100 || v < 0) return { error: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
    out.push(v.toFixed(6).replace(/0+$/, '').replace(/\.$/, ''));
  }
  return { value: out.join(' ') };
}

export function parseBind(args: string[]): Parsed {
  if (args.length > 16) return { error: 'Too many bind addresses specified.' };
  return { value: args.length === 1 && args[0] === '' ? '' : args.join(' ') };
}

export function parseReplicaOf(args: string[]): Parsed {
  if (args.length !== 2) return { error: 'wrong number of arguments' };
  if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return { value: '' };
  const port = args[1] === '' ? null : strtollFull(args[1]);
  if (port === null || port < 0n || port > 65535n) return { error: 'Invalid master port' };
  return { value: `${args[0]} ${port}` };
}

/** What validateProcTitleTemplate expands the variables to (the title is empty). */
const TITLE_VARS: Record<string, string> = { title: '', 'listen-addr': '*:0', 'server-mode': '', port: '0', 'tls-port': '0', unixsocket: '', 'config-file': '' };

/** validateProcTitleTemplate (sdstemplate): invalid on unknown variables or an empty expansion. */
export function parseProcTitleTemplate(args: string[]): Parsed {
  const t = args[0];
  const bad = { error: 'template format is invalid or contains unknown variables' };
  let res = '';
  let p = 0;
  while (p < t.length) {
    const sv = t.indexOf('{', p);
    if (sv < 0) {
      res += t.slice(p);
      break;
    }
    res += t.slice(p, sv);
    if (sv + 1 >= t.length) return bad;
    if (t[sv + 1] === '{') {
      res += '{';
      p = sv + 2;
      continue;
    }
    const ev = t.indexOf('}', sv + 1);
    const v = ev < 0 ? undefined : TITLE_VARS[t.slice(sv + 1, ev)];
    if (v === undefined) return bad;
    res += v;
    p = ev + 1;
  }
  return res.replace(/^ +| +$/g, '') === '' ? bad : { value: t };
}

export function parseHostname(args: string[]): Parsed {
  if (!/^[A-Za-z0-9.-]*$/.test(args[0])) return { error: 'Hostnames may only contain alphanumeric characters, hyphens or dots' };
  return { value: args[0] };
}

/** pathIsBaseName checks of dbfilename / appendfilename / appenddirname. */
export function baseNameOnly(what: string, kind: 'filename' | 'dirname'): (args: string[]) => Parsed {
  return (args) => (args[0].includes('/') ? { error: `${what} can't be a path, just a ${kind}` } : { value: args[0] });
}

// ==== the table ================================================================================
