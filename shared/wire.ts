/**
 * Wire types of Podium's WebSocket/HTTP gateway (docs/gateway.md) and the helpers for its JSON value
 * mapping. Used by the browser dashboard, Node clients and the tests; no node: imports.
 *
 * Mapping in short: text is UTF-8; bytes that are not valid UTF-8 travel as {"base64": "..."} (both
 * ways); integers beyond ±2^53 are strings; doubles are numbers except "inf", "-inf", "nan"; maps are
 * objects; sets and arrays are arrays; an error inside a reply (EXEC) is {"error": "..."}.
 */

/** Bytes that are not valid UTF-8. */
export interface Binary {
  base64: string;
}

/** An error nested in a reply (e.g. one command of an EXEC). */
export interface NestedError {
  error: string;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What a command argument may be on the wire. */
export type WireArg = string | number | Binary;

/** What the client API accepts as an argument (Uint8Array is sent as {"base64": ...}). */
export type Arg = string | number | Binary | Uint8Array;

/** Client → server frame. */
export interface Request {
  /** Echoed in the answer; optional (answers come in request order anyway). */
  id?: number | string;
  cmd: WireArg[];
}

/** Server → client frames. */
export interface OkFrame {
  id?: number | string;
  ok: JsonValue;
}

export interface ErrFrame {
  id?: number | string;
  /** Redis's error text, verbatim ("ERR ...", "WRONGTYPE ...", "NOAUTH ..."). */
  err: string;
}

export interface PushFrame {
  /** ["message", channel, payload], ["pmessage", pattern, channel, payload], ["smessage", ...], ["live", {...}] */
  push: JsonValue[];
}

export type ServerFrame = OkFrame | ErrFrame | PushFrame;

/** HTTP POST /v1/streams/{key} answer. */
export interface StreamAppendReply {
  ids: string[];
}

/** HTTP GET /v1/leaderboards/{key} answer. */
export interface LeaderboardReply {
  key: string;
  total: number;
  entries: { member: string | Binary; score: number | string; rank: number }[];
}

/** WebSocket close codes the gateway uses. */
export const CloseCode = {
  /** QUIT, CLIENT KILL. */
  normal: 1000,
  /** Idle timeout, server shutdown. */
  goingAway: 1001,
  /** Authentication required / failed, rate limit, output buffer limit (slow consumer). */
  policy: 1008,
  /** Message over gateway-max-payload. */
  tooBig: 1009,
  /** gateway-max-connections reached. */
  tryAgainLater: 1013,
} as const;

export function isBinary(v: unknown): v is Binary {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Binary).base64 === 'string' && Object.keys(v).length === 1;
}

export function isNestedError(v: unknown): v is NestedError {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as NestedError).error === 'string' && Object.keys(v).length === 1;
}

export function isPush(f: ServerFrame): f is PushFrame {
  return 'push' in f;
}

export function isErr(f: ServerFrame): f is ErrFrame {
  return 'err' in f;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function bytesToBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

export function base64ToBytes(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** An argument as it goes on the wire. */
export function encodeArg(a: Arg): WireArg {
  if (a instanceof Uint8Array) {
    // Valid UTF-8 travels as text; anything else as base64.
    try {
      return strictDecoder.decode(a);
    } catch {
      return { base64: bytesToBase64(a) };
    }
  }
  return a;
}

/** The bytes of a value (text → its UTF-8 bytes, {"base64"} → the raw bytes, numbers → their text). */
export function toBytes(v: JsonValue | Binary): Uint8Array {
  if (isBinary(v)) return base64ToBytes(v.base64);
  if (typeof v === 'string') return encoder.encode(v);
  if (typeof v === 'number' || typeof v === 'boolean') return encoder.encode(String(v));
  throw new TypeError('toBytes: not a string value');
}

/** A value as text (binary values are decoded as UTF-8 with replacement characters). */
export function toText(v: JsonValue | Binary): string {
  if (isBinary(v)) return new TextDecoder().decode(base64ToBytes(v.base64));
  if (typeof v === 'string') return v;
  return String(v);
}

/** A double as sent by the gateway (numbers, or "inf" / "-inf" / "nan"). */
export function toNumber(v: JsonValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'inf' || v === '+inf') return Infinity;
    if (v === '-inf') return -Infinity;
    if (v === 'nan') return NaN;
    return Number(v);
  }
  return NaN;
}

/** An integer reply as a bigint (exact beyond 2^53, where the gateway sends strings). */
export function toBigInt(v: JsonValue): bigint {
  if (typeof v === 'number' || typeof v === 'string') return BigInt(v);
  throw new TypeError('toBigInt: not an integer value');
}

/** An error reply; `code` is its first word (ERR, WRONGTYPE, NOAUTH, ...). */
export class ReplyError extends Error {
  readonly code: string;
  constructor(
    message: string,
    readonly command?: readonly Arg[],
  ) {
    super(message);
    this.name = 'ReplyError';
    const sp = message.indexOf(' ');
    this.code = sp > 0 ? message.slice(0, sp) : message;
  }
}
