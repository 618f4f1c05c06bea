/**
 * The JSON side of the gateway: a Reply writer that builds JSON values (WebSocket and HTTP answers),
 * and the mapping between JSON and the server's byte strings. Knows nothing of commands.
 *
 * Mapping (docs/gateway.md):
 * - bytes → JSON: valid UTF-8 → string; anything else → {"base64": "..."}.
 * - JSON → bytes: a string is encoded as UTF-8; {"base64": "..."} gives raw bytes; a finite number is
 *   sent as its decimal text (10 → "10").
 * - integers beyond ±2^53 → strings; doubles → numbers, inf/-inf/nan → "inf"/"-inf"/"nan";
 *   null → null; booleans → true/false; map → object (a map with a key that is not text, or whose only
 *   key is "base64" or "error", would read as a tagged value: it is sent as [[key, value], ...]);
 *   set/array → array; verbatim → string; an error inside a reply (EXEC) → {"error": "..."}.
 */
import { isUtf8 } from 'node:buffer';
import type { Reply, SharedMessage } from '../engine/reply.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Where finished top-level values go. */
export interface JsonSink {
  /** A complete top-level reply; `error` = it is an error reply (value is its text). */
  reply(value: Json, error: boolean): void;
  /** A complete push message (RESP3 `>`): its elements. */
  push(items: Json[]): void;
  /** A pub/sub message already encoded as a whole frame `{"push":[...]}` (once for all its receivers). */
  pushFrame?(frame: string): void;
}

const NON_ASCII = /[^\x00-\x7f]/;
const KIND_ARRAY = 0;
const KIND_MAP = 1;
const KIND_PUSH = 2;

interface Frame {
  kind: number;
  items: Json[];
  left: number;
}

const CONFIRMATIONS = new Set(['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe', 'ssubscribe', 'sunsubscribe']);

/**
 * A push that answers the request in progress: RESP3 sends (un)subscribe confirmations as pushes,
 * but over JSON they are the command's reply (`{"id":n,"ok":[[...], ...]}`, docs/gateway.md).
 */
export function isConfirmation(items: Json[]): boolean {
  return typeof items[0] === 'string' && CONFIRMATIONS.has(items[0]);
}

/** A byte string (one char per byte) as JSON: text when it is valid UTF-8, else base64. */
export function bytesToJson(s: string): Json {
  if (!NON_ASCII.test(s)) return s;
  const b = Buffer.from(s, 'latin1');
  if (isUtf8(b)) return b.toString('utf8');
  return { base64: b.toString('base64') };
}

/** Text as the server's byte string (its UTF-8 bytes). */
export function textToBytes(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  return Buffer.from(s, 'utf8').toString('latin1');
}

/**
 * One command argument (or field/value) from JSON to a byte string; null when it has no mapping.
 * Strings are UTF-8 text, {"base64": "..."} raw bytes, finite numbers their decimal text.
 */
export function jsonToBytes(v: unknown): string | null {
  if (typeof v === 'string') return textToBytes(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.base64 === 'string' && Object.keys(o).length === 1) return Buffer.from(o.base64, 'base64').toString('latin1');
  }
  return null;
}

/** Converts a JSON command (`["SET", "k", "v"]`) to argv; a string error text when it is malformed. */
export function jsonToArgv(cmd: unknown): string[] | string {
  if (!Array.isArray(cmd) || cmd.length === 0) return 'ERR invalid request: "cmd" must be a non-empty array of arguments';
  const argv = new Array<string>(cmd.length);
  for (let i = 0; i < cmd.length; i++) {
    const a = jsonToBytes(cmd[i]);
    if (a === null) return `ERR invalid request: argument ${i} must be a string, a number or {"base64":"..."}`;
    argv[i] = a;
  }
  return argv;
}

function integerToJson(n: number | bigint): Json {
  if (typeof n === 'number') return Number.isSafeInteger(n) ? n : String(n);
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n.toString();
}

function doubleToJson(d: number): Json {
  if (Number.isFinite(d)) return d;
  return d > 0 ? 'inf' : d < 0 ? '-inf' : 'nan';
}

function mapToJson(items: Json[]): Json {
  const n = items.length;
  let textKeys = true;
  for (let i = 0; i < n; i += 2) {
    const k = items[i];
    if (typeof k !== 'string' && typeof k !== 'number') {
      textKeys = false;
      break;
    }
  }
  if (textKeys && !(n === 2 && (items[0] === 'base64' || items[0] === 'error'))) {
    // A null-prototype object: a field named "__proto__" stays an ordinary key.
    const o: { [k: string]: Json } = Object.create(null);
    for (let i = 0; i < n; i += 2) o[String(items[i])] = items[i + 1];
    return o;
  }
  const pairs: Json[] = [];
  for (let i = 0; i < n; i += 2) pairs.push([items[i], items[i + 1]]);
  return pairs;
}

/**
 * Builds JSON values from Reply calls. Aggregates are collected on a stack; each finished top-level
 * value goes to the sink. The gateway's clients speak RESP3 (maps, doubles, pushes are native), but
 * the writer follows `proto` for nothing: JSON has one shape for both.
 */
export class JsonReply implements Reply {
  proto: 2 | 3 = 3;
  private stack: Frame[] = [];

  constructor(private sink: JsonSink) {}

  /** Values half-built (an aggregate whose elements are still coming). */
  get building(): boolean {
    return this.stack.length > 0;
  }

  private add(v: Json): void {
    const top = this.stack.length > 0 ? this.stack[this.stack.length - 1] : undefined;
    if (top === undefined) {
      this.sink.reply(v, false);
      return;
    }
    top.items.push(v);
    if (--top.left === 0) this.finish();
  }

  private finish(): void {
    const f = this.stack.pop()!;
    if (f.kind === KIND_PUSH && this.stack.length === 0) {
      this.sink.push(f.items);
      return;
    }
    this.add(f.kind === KIND_MAP ? mapToJson(f.items) : f.items);
  }

  private open(kind: number, n: number): void {
    if (n <= 0) {
      if (kind === KIND_PUSH && this.stack.length === 0) this.sink.push([]);
      else this.add(kind === KIND_MAP ? Object.create(null) : []);
      return;
    }
    this.stack.push({ kind, items: [], left: kind === KIND_MAP ? 2 * n : n });
  }

  simple(s: string): void {
    this.add(bytesToJson(s));
  }

  error(msg: string): void {
    const t = bytesToJson(msg);
    const text = typeof t === 'string' ? t : msg;
    if (this.stack.length === 0) this.sink.reply(text, true);
    else this.add({ error: text });
  }

  integer(n: number | bigint): void {
    this.add(integerToJson(n));
  }

  bulk(s: string): void {
    this.add(bytesToJson(s));
  }

  null(): void {
    this.add(null);
  }

  nullArray(): void {
    this.add(null);
  }

  array(n: number): void {
    this.open(KIND_ARRAY, n);
  }

  map(n: number): void {
    this.open(KIND_MAP, n);
  }

  set(n: number): void {
    this.open(KIND_ARRAY, n);
  }

  double(d: number): void {
    this.add(doubleToJson(d));
  }

  bool(b: boolean): void {
    this.add(b);
  }

  verbatim(s: string, _format?: string): void {
    this.add(bytesToJson(s));
  }

  push(n: number): void {
    this.open(KIND_PUSH, n);
  }

  /**
   * A pub/sub message: always out of band, never an element of a reply being built (a PUBLISH or a
   * write inside EXEC reaching the client's own pattern subscription), as Redis's RESP3 push is not.
   */
  message(m: SharedMessage): void {
    // Encoded once per message, however many JSON receivers it has.
    const items = (m.jsonItems ??= m.parts.map(bytesToJson)) as Json[];
    if (this.sink.pushFrame !== undefined) this.sink.pushFrame((m.jsonFrame ??= '{"push":' + JSON.stringify(items) + '}'));
    else this.sink.push(items);
  }
}
