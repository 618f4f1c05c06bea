/**
 * The one interface every reply goes through. Handlers describe *what* they answer; the writer
 * behind it (RESP2, RESP3, JSON, Lua capture, MULTI) decides *how* it is encoded.
 *
 * Strings are "byte strings": JS strings whose char codes are bytes 0..255 (latin1). See DESIGN notes
 * in store/keyspace.ts for why.
 */
export interface Reply {
  /** +OK style status line. */
  simple(s: string): void;
  /** -ERR style error; `msg` carries its own code prefix (ERR, WRONGTYPE, ...). */
  error(msg: string): void;
  integer(n: number | bigint): void;
  /** Bulk string (bytes as latin1). */
  bulk(s: string): void;
  /** Null bulk in RESP2 ($-1), null in RESP3 (_). */
  null(): void;
  /** Null array in RESP2 (*-1), null in RESP3 (_). */
  nullArray(): void;
  /** Array header: the next `n` replies are its elements. */
  array(n: number): void;
  /** Map header: the next 2n replies are key, value pairs. RESP2: flat array of 2n. */
  map(n: number): void;
  /** Set header. RESP2: array. */
  set(n: number): void;
  /** Double. RESP2: bulk string with Redis's %.17g formatting; RESP3: ",d". */
  double(d: number): void;
  /** Boolean. RESP2: integer 1/0. */
  bool(b: boolean): void;
  /** Verbatim string (RESP3 "=", RESP2 bulk). */
  verbatim(s: string, format?: string): void;
  /** Push header (RESP3 ">", RESP2 array). */
  push(n: number): void;
}

/**
 * A pub/sub message that many clients receive. The JSON writer keeps its encodings in the two slots
 * (filled on first use), so they are computed once however many receive the message.
 */
export interface SharedMessage {
  /** ['message', channel, payload], ['pmessage', pattern, channel, payload], ['smessage', ...]. */
  readonly parts: readonly string[];
  /** The elements as JSON values (the JSON writer's type; opaque here). */
  jsonItems: unknown;
  /** The whole `{"push":[...]}` frame. */
  jsonFrame: string | null;
}

/** Convenience helpers on top of Reply, kept outside the interface so every writer stays small. */
export function replyOk(r: Reply): void {
  r.simple('OK');
}

export function replyBulkOrNull(r: Reply, s: string | undefined | null): void {
  if (s === undefined || s === null) r.null();
  else r.bulk(s);
}

export function replyBulkArray(r: Reply, items: readonly string[]): void {
  r.array(items.length);
  for (let i = 0; i < items.length; i++) r.bulk(items[i]);
}
