/**
 * Incremental RESP request parser (multibulk and inline), byte-for-byte compatible with Redis 7's
 * processMultibulkBuffer / processInlineBuffer: same limits, same "Protocol error: ..." texts, and
 * the same quirks where they are observable (Redis finds line ends with strchr, so a NUL byte before
 * the line end leaves the request waiting, exactly as if the line were not complete yet).
 *
 * Arguments come out as byte strings (latin1: one char per byte), so every byte value round-trips.
 * Chunks may split a request at any byte. The unparsed tail of a chunk is kept in one growable
 * buffer (no re-concatenation per chunk), and a large bulk argument is assembled in a buffer of its
 * exact size.
 */

/** Longest inline request / header line without a terminator (Redis's PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Bulk arguments at least this large are assembled in a dedicated buffer (PROTO_MBULK_BIG_ARG). */
export const BIG_ARG = 32 * 1024;
const INT_MAX = 2147483647;

export interface ParserLimits {
  /** proto-max-bulk-len */
  maxBulkLen: number;
  /** client-query-buffer-limit: bytes buffered for requests not yet parsed. */
  maxQueryBuffer: number;
}

export interface ParserHost {
  limits: ParserLimits;
  /** True while the client must still authenticate (tighter limits apply, as in Redis). */
  authRequired(): boolean;
}

export type ParseOutcome =
  | null
  /** Reply this error (full text, "ERR Protocol error: ..."), then close once it is written. */
  | { protocolError: string }
  /** Close without a reply (query buffer limit), as Redis does. */
  | { close: string };

const QUERY_LIMIT: ParseOutcome = { close: 'closing client that reached max query buffer length' };

function protocolError(what: string): ParseOutcome {
  return { protocolError: 'ERR Protocol error: ' + what };
}

/** readInt results besides a value. */
const INCOMPLETE = 0.5;

export class RespParser {
  /** Unparsed bytes kept from earlier chunks: pend[0, pendLen). */
  private pend: Buffer | null = null;
  private pendLen = 0;
  /** Current multibulk: arguments still expected, and those collected so far. */
  private argsLeft = 0;
  private args: string[] = [];
  /** Current big bulk argument being assembled (including its trailing CRLF). */
  private big: Buffer | null = null;
  private bigFill = 0;
  /** Set by readInt: index just past the line's "\r\n". */
  private lineEnd = 0;
  /** True while parse() works on a view of `pend` (rather than on the chunk itself). */
  private fromPend = false;

  constructor(private host: ParserHost) {}

  /** Bytes buffered for the request in progress (CLIENT LIST qbuf). */
  get bufferedBytes(): number {
    return this.pendLen + this.bigFill;
  }

  /**
   * Parses as much of `chunk` as forms complete requests, calling `onCommand` for each in order.
   * Returns null, or what to do about bad input (after the commands before it were delivered).
   */
  feed(chunk: Buffer, onCommand: (args: string[]) => void): ParseOutcome {
    let b = chunk;
    this.fromPend = false;
    if (this.big !== null) {
      const big = this.big;
      const n = Math.min(big.length - this.bigFill, chunk.length);
      chunk.copy(big, this.bigFill, 0, n);
      this.bigFill += n;
      if (this.bigFill > this.host.limits.maxQueryBuffer) return QUERY_LIMIT;
      if (this.bigFill < big.length) return null;
      // The trailing CRLF is skipped unchecked, as in Redis.
      this.args.push(big.latin1Slice(0, big.length - 2));
      this.big = null;
      this.bigFill = 0;
      if (--this.argsLeft === 0) this.dispatch(onCommand);
      if (n === chunk.length) return null;
      b = chunk.subarray(n);
    } else if (this.pendLen > 0) {
      b = this.append(chunk);
      this.fromPend = true;
    }
    return this.parse(b, onCommand);
  }

  /** Appends a chunk to the kept bytes and returns the view to parse. */
  private append(chunk: Buffer): Buffer {
    const need = this.pendLen + chunk.length;
    let pend = this.pend!;
    if (pend.length < need) {
      const grown = Buffer.allocUnsafe(Math.max(need, pend.length * 2));
      pend.copy(grown, 0, 0, this.pendLen);
      pend = this.pend = grown;
    }
    chunk.copy(pend, this.pendLen);
    this.pendLen = need;
    return pend.subarray(0, need);
  }

  private dispatch(onCommand: (args: string[]) => void): void {
    const args = this.args;
    this.args = [];
    onCommand(args);
  }

  private parse(b: Buffer, onCommand: (args: string[]) => void): ParseOutcome {
    const len = b.length;
    // Read once per chunk: the host may compute them (CONFIG SET applies from the next chunk on).
    const limits = this.host.limits;
    let p = 0;
    while (p < len) {
      if (this.argsLeft === 0) {
        if (b[p] !== 0x2a /* * */) {
          const r = this.inline(b, p, onCommand);
          if (r < 0) return r === -1 ? this.keep(b, p, limits) : r === -2 ? protocolError('too big inline request') : protocolError('unbalanced quotes in request');
          p = r;
          continue;
        }
        const n = this.readInt(b, p + 1);
        if (n === INCOMPLETE) {
          if (len - p > PROTO_INLINE_MAX_SIZE) return protocolError('too big mbulk count string');
          return this.keep(b, p, limits);
        }
        if (n !== n || n > INT_MAX) return protocolError('invalid multibulk length');
        if (n > 10 && this.host.authRequired()) return protocolError('unauthenticated multibulk length');
        p = this.lineEnd;
        if (n <= 0) continue;
        this.argsLeft = n;
      }
      // Bulk arguments.
      while (this.argsLeft > 0) {
        if (p >= len) return this.keep(b, p, limits);
        const first = b[p];
        // The line's '\r' is searched from p itself: an empty line is "expected '$', got '\r'".
        const n = first === 0x0d ? (p + 1 < len ? NaN : INCOMPLETE) : this.readInt(b, p + 1);
        if (n === INCOMPLETE || first === 0) {
          // first === 0: strchr stops at the NUL, so Redis never sees this line's end.
          if (len - p > PROTO_INLINE_MAX_SIZE) return protocolError('too big bulk count string');
          return this.keep(b, p, limits);
        }
        if (first !== 0x24 /* $ */) return protocolError(`expected '$', got '${String.fromCharCode(first)}'`);
        if (n !== n || n < 0 || n > limits.maxBulkLen) return protocolError('invalid bulk length');
        if (n > 16384 && this.host.authRequired()) return protocolError('unauthenticated bulk length');
        const dataStart = this.lineEnd;
        const have = len - dataStart;
        if (n >= BIG_ARG && (have >= n + 2 ? n + 2 : have) > limits.maxQueryBuffer) return QUERY_LIMIT;
        if (have >= n + 2) {
          this.args.push(n <= SHORT_ARG ? shortString(b, dataStart, n) : b.latin1Slice(dataStart, dataStart + n));
          p = dataStart + n + 2;
          this.argsLeft--;
          continue;
        }
        if (n >= BIG_ARG) {
          const big = Buffer.allocUnsafe(n + 2);
          b.copy(big, 0, dataStart, len);
          this.big = big;
          this.bigFill = have;
          this.pendLen = 0;
          this.releasePend();
          return null;
        }
        return this.keep(b, p, limits);
      }
      this.dispatch(onCommand);
    }
    this.pendLen = 0;
    this.releasePend();
    return null;
  }

  /**
   * One inline request at p. Returns the position after it, or -1 (line not complete), -2 (too big),
   * -3 (unbalanced quotes).
   */
  private inline(b: Buffer, p: number, onCommand: (args: string[]) => void): number {
    const len = b.length;
    const nl = b.indexOf(0x0a, p);
    let stuck = nl < 0;
    if (!stuck) {
      for (let i = p; i < nl; i++) {
        if (b[i] === 0) {
          stuck = true;
          break;
        }
      }
    }
    if (stuck) return len - p > PROTO_INLINE_MAX_SIZE ? -2 : -1;
    let end = nl;
    if (end > p && b[end - 1] === 0x0d) end--;
    const args = splitInlineBytes(b, p, end);
    if (args === null) return -3;
    if (args.length > 0) onCommand(args);
    return nl + 1;
  }

  /**
   * string2ll on the line starting at `from` up to its '\r' (Redis looks for '\r' only; the byte
   * after it is assumed to be '\n'). Returns the value, NaN when not a valid int64, or INCOMPLETE
   * when the line end is not in the buffer yet. Sets lineEnd.
   */
  private readInt(b: Buffer, from: number): number {
    const len = b.length;
    let i = from;
    let neg = false;
    if (i < len && b[i] === 0x2d) {
      neg = true;
      i++;
    }
    const digits = i;
    const stop = Math.min(len, i + 20);
    let v = 0;
    while (i < stop) {
      const c = b[i] - 0x30;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      i++;
    }
    if (i >= len) return INCOMPLETE;
    if (b[i] !== 0x0d) {
      // Not a number (or too long to be one); still find the line end as strchr would: a NUL
      // before the '\r' means it is never found.
      const cr = b.indexOf(0x0d, i);
      const nul = b.indexOf(0, i);
      if (cr < 0 || (nul >= 0 && nul < cr) || cr + 1 >= len) return INCOMPLETE;
      this.lineEnd = cr + 2;
      return NaN;
    }
    if (i + 1 >= len) return INCOMPLETE;
    this.lineEnd = i + 2;
    const nd = i - digits;
    if (nd === 0) return NaN;
    if (b[digits] === 0x30) return nd === 1 && !neg ? 0 : NaN;
    if (nd >= 19) {
      // Beyond 2^53 the double is approximate; only the int64 range check must be exact.
      if (nd > 19) return NaN;
      const exact = BigInt(b.latin1Slice(digits, i));
      if (exact > (neg ? 9223372036854775808n : 9223372036854775807n)) return NaN;
    }
    return neg ? -v : v;
  }

  /** Keeps b[p..] for the next chunk. */
  private keep(b: Buffer, p: number, limits: ParserLimits): ParseOutcome {
    const rest = b.length - p;
    if (this.fromPend) {
      if (p > 0) this.pend!.copyWithin(0, p, b.length);
    } else {
      if (this.pend === null || this.pend.length < rest) this.pend = Buffer.allocUnsafe(Math.max(rest, 1024));
      b.copy(this.pend, 0, p);
    }
    this.pendLen = rest;
    return rest > limits.maxQueryBuffer ? QUERY_LIMIT : null;
  }

  private releasePend(): void {
    // Most requests arrive whole: hold no memory between them.
    this.pend = null;
  }
}

/** Arguments up to this many bytes are built in JS (cheaper than a native call for tiny strings). */
const SHORT_ARG = 16;

/** fromCharCode with the bytes as arguments builds a one-byte string without a native call
 * (measured: 42 ns vs 64 ns for latin1Slice at 16 bytes). */
function shortString(b: Buffer, f: number, n: number): string {
  switch (n) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(b[f]);
    case 2:
      return String.fromCharCode(b[f], b[f + 1]);
    case 3:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2]);
    case 4:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3]);
    case 5:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4]);
    case 6:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5]);
    case 7:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6]);
    case 8:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6], b[f + 7]);
    case 9:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6], b[f + 7], b[f + 8]);
    case 10:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6], b[f + 7], b[f + 8], b[f + 9]);
    case 11:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6], b[f + 7], b[f + 8], b[f + 9], b[f + 10]);
    case 12:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6], b[f + 7], b[f + 8], b[f + 9], b[f + 10], b[f + 11]);
    case 13:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6], b[f + 7], b[f + 8], b[f + 9], b[f + 10], b[f + 11], b[f + 12]);
    case 14:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6], b[f + 7], b[f + 8], b[f + 9], b[f + 10], b[f + 11], b[f + 12], b[f + 13]);
    case 15:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6], b[f + 7], b[f + 8], b[f + 9], b[f + 10], b[f + 11], b[f + 12], b[f + 13], b[f + 14]);
    case 16:
      return String.fromCharCode(b[f], b[f + 1], b[f + 2], b[f + 3], b[f + 4], b[f + 5], b[f + 6], b[f + 7], b[f + 8], b[f + 9], b[f + 10], b[f + 11], b[f + 12], b[f + 13], b[f + 14], b[f + 15]);
    default:
      return b.latin1Slice(f, f + n);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/**
 * sdssplitargs on the bytes [start, end): arguments separated by spaces, with "double quoted"
 * strings (C escapes, \xHH) and 'single quoted' strings (only \' escaped). A closing quote must be
 * followed by a space or the end. Returns null on unbalanced quotes. The line holds no NUL (the
 * parser never passes one, as Redis's strchr would not find the line end).
 *
 * Note the asymmetry kept from Redis: blanks between arguments are isspace() (so \v and \f too),
 * but an unquoted argument ends only at ' ', \n, \r or \t.
 */
export function splitInlineBytes(b: Buffer, start: number, end: number): string[] | null {
  const out: string[] = [];
  let i = start;
  for (;;) {
    while (i < end && isSpace(b[i])) i++;
    if (i >= end) return out;
    let cur = '';
    let state = 0; // 0 unquoted, 1 "double", 2 'single'
    for (;;) {
      if (state === 0) {
        const run = i;
        while (i < end) {
          const c = b[i];
          if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x22 || c === 0x27) break;
          i++;
        }
        if (i > run) cur += b.latin1Slice(run, i);
        if (i >= end) break;
        const c = b[i++];
        if (c === 0x22) state = 1;
        else if (c === 0x27) state = 2;
        else break; // a separator ends the argument
      } else if (state === 1) {
        const run = i;
        while (i < end && b[i] !== 0x5c && b[i] !== 0x22) i++;
        if (i > run) cur += b.latin1Slice(run, i);
        if (i >= end) return null;
        if (b[i] === 0x22) {
          if (i + 1 < end && !isSpace(b[i + 1])) return null;
          i++;
          break;
        }
        // Backslash.
        if (i + 3 < end && b[i + 1] === 0x78 && hexValue(b[i + 2]) >= 0 && hexValue(b[i + 3]) >= 0) {
          cur += String.fromCharCode(hexValue(b[i + 2]) * 16 + hexValue(b[i + 3]));
          i += 4;
        } else if (i + 1 < end) {
          const e = b[i + 1];
          const c = e === 0x6e ? 0x0a : e === 0x72 ? 0x0d : e === 0x74 ? 0x09 : e === 0x62 ? 0x08 : e === 0x61 ? 0x07 : e;
          cur += String.fromCharCode(c);
          i += 2;
        } else {
          // A lone backslash at the end is literal, then the quote is unterminated.
          return null;
        }
      } else {
        const run = i;
        while (i < end && b[i] !== 0x5c && b[i] !== 0x27) i++;
        if (i > run) cur += b.latin1Slice(run, i);
        if (i >= end) return null;
        if (b[i] === 0x27) {
          if (i + 1 < end && !isSpace(b[i + 1])) return null;
          i++;
          break;
        }
        if (i + 1 < end && b[i + 1] === 0x27) {
          cur += "'";
          i += 2;
        } else {
          cur += '\\';
          i++;
        }
      }
    }
    out.push(cur);
  }
}

/** sdssplitargs on a byte string (see splitInlineBytes). */
export function splitInlineArgs(line: string): string[] | null {
  const b = Buffer.from(line, 'latin1');
  return splitInlineBytes(b, 0, b.length);
}
