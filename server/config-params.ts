/**
 * The parameter table: every name Redis 7.0 knows (CONFIG GET * of redis-server 7.0.15, plus its
 * hidden parameters and aliases), with Redis's types, bounds and defaults. `applies: true` = Podium
 * acts on it; the others are validated exactly as Redis validates them, stored and echoed back
 * ("accepted, no effect yet"), because tools and client libraries set them. The value syntax (Redis's
 * parsers, quirks included) and the special formats live here too.
 */
import os from 'node:os';
import net from 'node:net';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

// ==== value syntax (Redis's parsers, quirks included) ===========================================

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

function parseKeyspaceEvents(args: string[]): Parsed {
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
function parseSave(args: string[], ctx: ParseContext): Parsed {
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
function parseOutputBufferLimit(args: string[], current: string): Parsed {
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

function parseOomScoreAdjValues(args: string[]): Parsed {
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
function parsePercentiles(args: string[]): Parsed {
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

function parseBind(args: string[]): Parsed {
  if (args.length > 16) return { error: 'Too many bind addresses specified.' };
  return { value: args.length === 1 && args[0] === '' ? '' : args.join(' ') };
}

function parseReplicaOf(args: string[]): Parsed {
  if (args.length !== 2) return { error: 'wrong number of arguments' };
  if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return { value: '' };
  const port = args[1] === '' ? null : strtollFull(args[1]);
  if (port === null || port < 0n || port > 65535n) return { error: 'Invalid master port' };
  return { value: `${args[0]} ${port}` };
}

/** What validateProcTitleTemplate expands the variables to (the title is empty). */
const TITLE_VARS: Record<string, string> = { title: '', 'listen-addr': '*:0', 'server-mode': '', port: '0', 'tls-port': '0', unixsocket: '', 'config-file': '' };

/** validateProcTitleTemplate (sdstemplate): invalid on unknown variables or an empty expansion. */
function parseProcTitleTemplate(args: string[]): Parsed {
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

function parseHostname(args: string[]): Parsed {
  if (!/^[A-Za-z0-9.-]*$/.test(args[0])) return { error: 'Hostnames may only contain alphanumeric characters, hyphens or dots' };
  return { value: args[0] };
}

/** pathIsBaseName checks of dbfilename / appendfilename / appenddirname. */
function baseNameOnly(what: string, kind: 'filename' | 'dirname'): (args: string[]) => Parsed {
  return (args) => (args[0].includes('/') ? { error: `${what} can't be a path, just a ${kind}` } : { value: args[0] });
}

// ==== the table ================================================================================

export interface ParamDef {
  /** Canonical (lower-case) name. */
  name: string;
  /** Old names Redis 7.0 still accepts; each is its own entry for CONFIG GET and CONFIG SET. */
  aliases?: string[];
  /** int/memory: numbers (memory accepts units); enum: one of `values`; special: `parse`. */
  kind: 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';
  /** As CONFIG GET prints it ('dir' is the working directory at start). */
  default: string;
  /** Only settable at start (config file, command line): "can't set immutable config". */
  immutable?: boolean;
  /** CONFIG SET refused unless enable-protected-configs allows it: "can't set protected config". */
  protected?: boolean;
  /** Not matched by CONFIG GET patterns, only by its exact name. */
  hidden?: boolean;
  /** Holds a secret (passwords). */
  sensitive?: boolean;
  /** Value is a list of words: CONFIG SET splits on single spaces, a config line takes them all. */
  multiArg?: boolean;
  /** int/memory bounds, inclusive. */
  min?: bigint;
  max?: bigint;
  /** Compared as unsigned 64-bit (a memory value past 2^63 is valid, e.g. maxmemory). */
  unsigned?: boolean;
  /** memory: also "N%" (stored negative, printed back as "N%"). */
  percent?: boolean;
  /** int written in octal (unixsocketperm). */
  octal?: boolean;
  /** The value Redis keeps after setting, e.g. hz is clamped to 1..500. */
  clamp?: [number, number];
  /** enum names in Redis's order (the error lists them so). */
  values?: string[];
  /** enum: numeric value per name when names share one (oom-score-adj yes = relative), or bit flags. */
  enumValues?: number[];
  /** enum that takes several names OR-ed together (shutdown-on-sigint). */
  bitflags?: boolean;
  /** special/string: canonical value or the reason it is refused. */
  parse?: (args: string[], ctx: ParseContext) => Parsed;
  /** Further check of a canonical value; `runtime` = CONFIG SET (not the config file). */
  check?: (value: string, runtime: boolean) => string | null;
  applies: boolean;
  /** One line for the README's configuration table (applies: false → "accepted, no effect yet"). */
  doc?: string;
}

type Opts = Partial<ParamDef>;
const bool = (name: string, def: 'yes' | 'no', o: Opts = {}): ParamDef => ({ name, kind: 'bool', default: def, applies: false, ...o });
const int = (name: string, def: string, min: bigint, max: bigint, o: Opts = {}): ParamDef => ({ name, kind: 'int', default: def, min, max, applies: false, ...o });
const mem = (name: string, def: string, min: bigint, max: bigint, o: Opts = {}): ParamDef => ({ name, kind: 'memory', default: def, min, max, applies: false, ...o });
const enm = (name: string, def: string, values: string[], o: Opts = {}): ParamDef => ({ name, kind: 'enum', default: def, values, applies: false, ...o });
const str = (name: string, def = '', o: Opts = {}): ParamDef => ({ name, kind: 'string', default: def, applies: false, ...o });
const special = (name: string, def: string, parse: ParamDef['parse'], o: Opts = {}): ParamDef => ({ name, kind: 'special', default: def, parse, applies: false, ...o });

const SHUTDOWN = { values: ['default', 'save', 'nosave', 'now', 'force'], enumValues: [0, 1, 2, 4, 8], bitflags: true, multiArg: true };
const shutdownCheck = (v: string) => (v.includes('nosave') && /\bsave\b/.test(v) ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : null);
const PROTECTED_ACTION = ['no', 'yes', 'local'];
const DEFRAG_UNSUPPORTED =
  'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution';

/** CONFIG SET bind: Redis rebinds and fails on an address it cannot listen on; check the same up front. */
function bindCheck(value: string, runtime: boolean): string | null {
  if (!runtime || value === '') return null;
  const local = new Set(['0.0.0.0', '::', '*', '::*']);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) local.add(a.address);
  const seen = new Set<string>();
  for (const word of value.split(' ')) {
    const optional = word.startsWith('-');
    const addr = optional ? word.slice(1) : word;
    const valid = addr === '*' || addr === '::*' || net.isIP(addr) !== 0;
    if (!valid || (!optional && (!local.has(addr) || seen.has(addr)))) return 'Failed to bind to specified addresses.';
    seen.add(addr);
  }
  return null;
}

/** dir: Redis chdir()s to it and reports strerror(); Podium keeps the absolute path instead. */
function parseDir(args: string[]): Parsed {
  const dir = resolve(args[0]);
  try {
    if (!statSync(dir).isDirectory()) return { error: 'Not a directory' };
  } catch {
    return { error: 'No such file or directory' };
  }
  return { value: dir };
}

export const PARAMS: ParamDef[] = [
  // ---- what Podium acts on ----
  int('port', '6379', 0n, 65535n, { applies: true, doc: 'TCP port for RESP (0 = an ephemeral port)' }),
  special('bind', '127.0.0.1', parseBind, { multiArg: true, check: bindCheck, applies: true, doc: 'addresses to listen on (the first one is used)' }),
  str('requirepass', '', { sensitive: true, applies: true, doc: 'password of the default user (AUTH)' }),
  int('databases', '16', 1n, INT_MAX, { immutable: true, applies: true, doc: 'number of databases (SELECT 0..N-1)' }),
  int('maxclients', '10000', 1n, UINT_MAX, { unsigned: true, applies: true, doc: 'connections beyond this are refused' }),
  int('timeout', '0', 0n, INT_MAX, { applies: true, doc: 'close idle clients after N seconds (0 = never)' }),
  int('hz', '10', 0n, INT_MAX, { clamp: [1, 500], applies: true, doc: 'background tasks per second (active expiry, idle clients)' }),
  mem('proto-max-bulk-len', '536870912', 1024n * 1024n, LLONG_MAX, { applies: true, doc: 'largest bulk string accepted and largest string value' }),
  mem('client-query-buffer-limit', '1073741824', 1024n * 1024n, LLONG_MAX, { applies: true, doc: 'largest unparsed input a client may hold' }),
  special('client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', (a, ctx) => parseOutputBufferLimit(a, ctx.current), {
    multiArg: true,
    applies: true,
    doc: 'disconnect clients whose pending output passes hard, or soft for soft-seconds',
  }),
  int('slowlog-log-slower-than', '10000', -1n, LLONG_MAX, { applies: true, doc: 'SLOWLOG threshold in microseconds (-1 = off)' }),
  int('slowlog-max-len', '128', 0n, LLONG_MAX, { applies: true, doc: 'SLOWLOG entries kept' }),

  // ---- encodings ----
  int('hash-max-listpack-entries', '512', 0n, LLONG_MAX, { aliases: ['hash-max-ziplist-entries'], unsigned: true }),
  mem('hash-max-listpack-value', '64', 0n, LLONG_MAX, { aliases: ['hash-max-ziplist-value'], unsigned: true }),
  int('set-max-intset-entries', '512', 0n, LLONG_MAX, { unsigned: true }),
  int('zset-max-listpack-entries', '128', 0n, LLONG_MAX, { aliases: ['zset-max-ziplist-entries'], unsigned: true }),
  mem('zset-max-listpack-value', '64', 0n, LLONG_MAX, { aliases: ['zset-max-ziplist-value'], unsigned: true }),
  int('list-max-listpack-size', '-2', INT_MIN, INT_MAX, { aliases: ['list-max-ziplist-size'] }),
  int('list-compress-depth', '0', 0n, INT_MAX),
  mem('stream-node-max-bytes', '4096', 0n, LLONG_MAX, { unsigned: true }),
  int('stream-node-max-entries', '100', 0n, LLONG_MAX),
  mem('hll-sparse-max-bytes', '3000', 0n, LLONG_MAX, { unsigned: true }),
  bool('activerehashing', 'yes'),

  // ---- memory and eviction ----
  mem('maxmemory', '0', 0n, ULLONG_MAX, { unsigned: true }),
  enm('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction']),
  int('maxmemory-samples', '5', 1n, INT_MAX),
  int('maxmemory-eviction-tenacity', '10', 0n, 100n),
  mem('maxmemory-clients', '0', -100n, LLONG_MAX, { percent: true }),
  int('lfu-log-factor', '10', 0n, INT_MAX),
  int('lfu-decay-time', '1', 0n, INT_MAX),
  bool('lazyfree-lazy-eviction', 'no'),
  bool('lazyfree-lazy-expire', 'no'),
  bool('lazyfree-lazy-server-del', 'no'),
  bool('lazyfree-lazy-user-del', 'no'),
  bool('lazyfree-lazy-user-flush', 'no'),
  int('active-expire-effort', '1', 1n, 10n),
  bool('activedefrag', 'no', { check: (v) => (v === 'yes' ? DEFRAG_UNSUPPORTED : null) }),
  mem('active-defrag-ignore-bytes', '104857600', 1n, LLONG_MAX, { unsigned: true }),
  int('active-defrag-threshold-lower', '10', 0n, 1000n),
  int('active-defrag-threshold-upper', '100', 0n, 1000n),
  int('active-defrag-cycle-min', '1', 1n, 99n),
  int('active-defrag-cycle-max', '25', 1n, 99n),
  int('active-defrag-max-scan-fields', '1000', 1n, LLONG_MAX),
  bool('jemalloc-bg-thread', 'yes'),
  int('tracking-table-max-keys', '1000000', 0n, LLONG_MAX, { unsigned: true }),

  // ---- keyspace events, latency, slow commands ----
  special('notify-keyspace-events', '', parseKeyspaceEvents),
  int('latency-monitor-threshold', '0', 0n, LLONG_MAX),
  bool('latency-tracking', 'yes'),
  special('latency-tracking-info-percentiles', '50 99 99.9', parsePercentiles, { multiArg: true }),
  int('busy-reply-threshold', '5000', 0n, LLONG_MAX, { aliases: ['lua-time-limit'] }),
  int('acllog-max-len', '128', 0n, LLONG_MAX, { unsigned: true }),
  str('aclfile', '', { immutable: true }),
  enm('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),

  // ---- persistence ----
  special('save', '3600 1 300 100 60 10000', parseSave, { multiArg: true }),
  special('dir', '', parseDir, { protected: true }),
  special('dbfilename', 'dump.rdb', baseNameOnly('dbfilename', 'filename'), { protected: true }),
  bool('rdbcompression', 'yes'),
  bool('rdbchecksum', 'yes', { immutable: true }),
  bool('rdb-del-sync-files', 'no'),
  bool('rdb-save-incremental-fsync', 'yes'),
  bool('stop-writes-on-bgsave-error', 'yes'),
  enm('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
  bool('appendonly', 'no'),
  special('appendfilename', 'appendonly.aof', baseNameOnly('appendfilename', 'filename'), { immutable: true }),
  special('appenddirname', 'appendonlydir', baseNameOnly('appenddirname', 'dirname'), { immutable: true }),
  enm('appendfsync', 'everysec', ['everysec', 'always', 'no']),
  bool('no-appendfsync-on-rewrite', 'no'),
  int('auto-aof-rewrite-percentage', '100', 0n, INT_MAX),
  mem('auto-aof-rewrite-min-size', '67108864', 0n, LLONG_MAX),
  bool('aof-load-truncated', 'yes'),
  bool('aof-use-rdb-preamble', 'yes'),
  bool('aof-rewrite-incremental-fsync', 'yes'),
  bool('aof-timestamp-enabled', 'no'),
  bool('aof-disable-auto-gc', 'no'),

  // ---- replication ----
  special('replicaof', '', parseReplicaOf, { aliases: ['slaveof'], immutable: true, multiArg: true }),
  str('masterauth', '', { sensitive: true }),
  str('masteruser', ''),
  bool('replica-serve-stale-data', 'yes', { aliases: ['slave-serve-stale-data'] }),
  bool('replica-read-only', 'yes', { aliases: ['slave-read-only'] }),
  bool('replica-ignore-maxmemory', 'yes', { aliases: ['slave-ignore-maxmemory'] }),
  bool('replica-lazy-flush', 'no', { aliases: ['slave-lazy-flush'] }),
  int('replica-priority', '100', 0n, INT_MAX, { aliases: ['slave-priority'] }),
  str('replica-announce-ip', '', { aliases: ['slave-announce-ip'] }),
  int('replica-announce-port', '0', 0n, 65535n, { aliases: ['slave-announce-port'] }),
  bool('replica-announced', 'yes'),
  bool('replica-ignore-disk-write-errors', 'no'),
  int('min-replicas-to-write', '0', 0n, INT_MAX, { aliases: ['min-slaves-to-write'] }),
  int('min-replicas-max-lag', '10', 0n, INT_MAX, { aliases: ['min-slaves-max-lag'] }),
  int('repl-ping-replica-period', '10', 1n, INT_MAX, { aliases: ['repl-ping-slave-period'] }),
  int('repl-timeout', '60', 1n, INT_MAX),
  bool('repl-disable-tcp-nodelay', 'no'),
  mem('repl-backlog-size', '1048576', 1n, LLONG_MAX),
  int('repl-backlog-ttl', '3600', 0n, LLONG_MAX),
  bool('repl-diskless-sync', 'yes'),
  int('repl-diskless-sync-delay', '5', 0n, INT_MAX),
  int('repl-diskless-sync-max-replicas', '0', 0n, INT_MAX),
  enm('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb']),
  enm('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),

  // ---- network and process ----
  int('tcp-backlog', '511', 0n, INT_MAX, { immutable: true }),
  int('tcp-keepalive', '300', 0n, INT_MAX),
  str('unixsocket', '', { immutable: true }),
  int('unixsocketperm', '0', 0n, 0o777n, { immutable: true, octal: true, unsigned: true }),
  int('socket-mark-id', '0', 0n, UINT_MAX, { immutable: true, unsigned: true }),
  str('bind-source-addr', ''),
  bool('protected-mode', 'yes'),
  enm('enable-protected-configs', 'no', PROTECTED_ACTION, { immutable: true }),
  enm('enable-debug-command', 'no', PROTECTED_ACTION, { immutable: true }),
  enm('enable-module-command', 'no', PROTECTED_ACTION, { immutable: true }),
  int('io-threads', '1', 1n, 128n, { immutable: true }),
  bool('io-threads-do-reads', 'no', { immutable: true }),
  bool('daemonize', 'no', { immutable: true }),
  enm('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], { immutable: true }),
  str('pidfile', '', { immutable: true }),
  enm('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning']),
  str('logfile', '', { immutable: true }),
  bool('syslog-enabled', 'no', { immutable: true }),
  str('syslog-ident', 'redis', { immutable: true }),
  enm('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], { immutable: true }),
  bool('crash-log-enabled', 'yes'),
  bool('crash-memcheck-enabled', 'yes'),
  bool('always-show-logo', 'no', { immutable: true }),
  bool('set-proc-title', 'yes', { immutable: true }),
  special('proc-title-template', '{title} {listen-addr} {server-mode}', parseProcTitleTemplate),
  bool('dynamic-hz', 'yes'),
  bool('disable-thp', 'yes', { immutable: true }),
  enm('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute'], { enumValues: [0, 1, 1, 2] }),
  special('oom-score-adj-values', '0 200 800', parseOomScoreAdjValues, { multiArg: true }),
  str('server_cpulist', '', { immutable: true }),
  str('bio_cpulist', '', { immutable: true }),
  str('aof_rewrite_cpulist', '', { immutable: true }),
  str('bgsave_cpulist', '', { immutable: true }),
  str('ignore-warnings', ''),
  enm('shutdown-on-sigint', 'default', SHUTDOWN.values, { ...SHUTDOWN, check: shutdownCheck }),
  enm('shutdown-on-sigterm', 'default', SHUTDOWN.values, { ...SHUTDOWN, check: shutdownCheck }),
  int('shutdown-timeout', '10', 0n, INT_MAX),

  // ---- cluster ----
  bool('cluster-enabled', 'no', { immutable: true }),
  str('cluster-config-file', 'nodes.conf', { immutable: true }),
  int('cluster-port', '0', 0n, 65535n, { immutable: true }),
  int('cluster-node-timeout', '15000', 0n, LLONG_MAX),
  int('cluster-migration-barrier', '1', 0n, INT_MAX),
  int('cluster-replica-validity-factor', '10', 0n, INT_MAX, { aliases: ['cluster-slave-validity-factor'] }),
  bool('cluster-replica-no-failover', 'no', { aliases: ['cluster-slave-no-failover'] }),
  bool('cluster-require-full-coverage', 'yes'),
  bool('cluster-allow-reads-when-down', 'no'),
  bool('cluster-allow-pubsubshard-when-down', 'yes'),
  bool('cluster-allow-replica-migration', 'yes'),
  str('cluster-announce-ip', ''),
  special('cluster-announce-hostname', '', parseHostname),
  int('cluster-announce-port', '0', 0n, 65535n),
  int('cluster-announce-bus-port', '0', 0n, 65535n),
  int('cluster-announce-tls-port', '0', 0n, 65535n),
  enm('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
  mem('cluster-link-sendbuf-limit', '0', 0n, ULLONG_MAX, { unsigned: true }),

  // ---- TLS ----
  int('tls-port', '0', 0n, 65535n),
  str('tls-cert-file', ''),
  str('tls-key-file', ''),
  str('tls-key-file-pass', '', { sensitive: true }),
  str('tls-client-cert-file', ''),
  str('tls-client-key-file', ''),
  str('tls-client-key-file-pass', '', { sensitive: true }),
  str('tls-dh-params-file', ''),
  str('tls-ca-cert-file', ''),
  str('tls-ca-cert-dir', ''),
  str('tls-protocols', ''),
  str('tls-ciphers', ''),
  str('tls-ciphersuites', ''),
  bool('tls-prefer-server-ciphers', 'no'),
  bool('tls-session-caching', 'yes'),
  int('tls-session-cache-size', '20480', 0n, INT_MAX),
  int('tls-session-cache-timeout', '300', 0n, INT_MAX),
  enm('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
  bool('tls-replication', 'no'),
  bool('tls-cluster', 'no'),

  // ---- hidden (testing and debugging knobs; CONFIG GET needs the exact name) ----
  int('key-load-delay', '0', INT_MIN, INT_MAX, { hidden: true }),
  int('rdb-key-save-delay', '0', INT_MIN, INT_MAX, { hidden: true }),
  int('loading-process-events-interval-bytes', '2097152', 1024n, INT_MAX, { hidden: true }),
  bool('use-exit-on-panic', 'no', { hidden: true }),
  int('watchdog-period', '0', 0n, INT_MAX, { hidden: true }),
  bool('lua-enable-deprecated-api', 'no', { hidden: true, immutable: true }),
];

/** Directives Redis 7.0 still reads from a config file and ignores (with a warning). */
export const DEPRECATED_DIRECTIVES = new Set(['list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands']);

/** The README line for a parameter. */
export function paramDoc(p: ParamDef): string {
  return p.applies ? (p.doc ?? '') : 'accepted, no effect yet';
}
