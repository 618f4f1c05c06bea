/**
 * The SCAN family's shared part: cursor and option parsing (MATCH, COUNT, TYPE) and the reply,
 * over any SlotMap (keyspace, hash fields, set members). Cursors survive growth and shrinking
 * without missing entries present for the whole scan (see store/slot-map.ts).
 */
import type { Client } from '../../engine/client.ts';
import type { SlotMap } from '../../store/slot-map.ts';
import { parseCursor } from '../../store/slot-map.ts';
import { intArg } from './args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { globMatch } from '../../lib/glob.ts';

export interface ScanOptions {
  cursor: number;
  count: number;
  match: string | null;
  /** SCAN only: TYPE filter (lower-case type name). */
  type: string | null;
}

/** Parses `cursor [MATCH pattern] [COUNT count] [TYPE type]` starting at args[cursorIndex]. */
export function parseScanArgs(args: string[], cursorIndex: number, allowType: boolean): ScanOptions {
  const cursor = parseCursor(args[cursorIndex]);
  if (cursor === null) fail('ERR invalid cursor');
  const opts: ScanOptions = { cursor, count: 10, match: null, type: null };
  for (let i = cursorIndex + 1; i < args.length; i++) {
    const opt = args[i].toUpperCase();
    const more = i + 1 < args.length;
    if (opt === 'COUNT' && more) {
      opts.count = intArg(args[++i]);
      if (opts.count < 1) fail(Err.syntax);
    } else if (opt === 'MATCH' && more) {
      opts.match = args[++i];
    } else if (opt === 'TYPE' && more && allowType) {
      opts.type = args[++i].toLowerCase();
    } else {
      fail(Err.syntax);
    }
  }
  return opts;
}

/**
 * Runs one scan step over `map`, replying [cursor, items]. `emit` turns a visited entry into the
 * reply items (a key, or a field and its value) — or none, to filter it out. MATCH is applied to
 * the entry's key before emit.
 */
export function scanReply<V>(
  c: Client,
  map: SlotMap<V>,
  opts: ScanOptions,
  emit: (key: string, value: V, out: string[]) => void,
): void {
  const out: string[] = [];
  const pattern = opts.match;
  const matchAll = pattern === null || pattern === '*';
  const next = map.scan(opts.cursor, opts.count, (k, v) => {
    if (!matchAll && !globMatch(pattern, k)) return;
    emit(k, v, out);
  });
  c.reply.array(2);
  c.reply.bulk(String(next));
  c.reply.array(out.length);
  for (const s of out) c.reply.bulk(s);
}

/** The reply of a scan over nothing (a missing key): cursor 0, no elements. */
export function emptyScan(c: Client): void {
  c.reply.array(2);
  c.reply.bulk('0');
  c.reply.array(0);
}
