/**
 * Stream tails for live watches: the entries after an ID, read through the stream's public range
 * read (as XREAD reads them), optionally projected onto some fields.
 */
import type { Stream, StreamNode } from '../../store/stream.ts';
import { ID_MAX, cmpId, incrId, type StreamId } from '../../store/stream-id.ts';
import type { PushValue } from './live-value.ts';

export interface TailRead {
  /** [id, [field, value, ...]] per entry sent (entries without a wanted field are skipped). */
  entries: PushValue[];
  /** The last entry read (sent or skipped), or null when nothing came after `after`. */
  last: StreamId | null;
  /** Entries read, sent or skipped. */
  read: number;
  /** Rough bytes of the entries sent. */
  bytes: number;
}

const refs: (StreamNode | number)[] = [];
const scratch: string[] = [];

/** Up to `max` entries with an ID greater than `after`. */
export function readTail(s: Stream, after: StreamId, max: number, fields: Set<string> | null): TailRead {
  const out: TailRead = { entries: [], last: null, read: 0, bytes: 0 };
  const from = incrId(after);
  if (from === null) return out;
  refs.length = 0;
  const n = s.range(from, ID_MAX, max, false, refs);
  for (let i = 0; i < n; i++) {
    const node = refs[2 * i] as StreamNode;
    const slot = refs[2 * i + 1] as number;
    out.last = node.id(slot);
    const k = node.entry(slot, scratch);
    const kv: string[] = [];
    for (let j = 0; j < k; j += 2) {
      const f = scratch[j];
      if (fields !== null && !fields.has(f)) continue;
      const v = scratch[j + 1];
      kv.push(f, v);
      out.bytes += f.length + v.length + 16;
    }
    if (fields !== null && kv.length === 0) continue;
    const id = node.idString(slot);
    out.bytes += id.length + 16;
    out.entries.push([id, kv]);
  }
  out.read = n;
  refs.length = 0;
  return out;
}

/**
 * Whether entries after `id` may have been removed (trimmed from the head, or deleted): a
 * conservative answer, true as soon as the first live entry is not `id` itself or its immediate
 * successor, or a deletion happened past `id`.
 */
export function lostAfter(s: Stream, id: StreamId): boolean {
  if (cmpId(s.maxDeletedId, id) > 0) return true;
  const first = s.firstValidId();
  if (first === null) return cmpId(s.lastId, id) > 0;
  const next = incrId(id);
  return next !== null && cmpId(first, next) > 0;
}

/** Whether the stream's first entry comes after `id`'s successor: every entry it holds is after `id`, and some were removed. */
export function headPast(s: Stream, id: StreamId): boolean {
  if (s.length === 0) return false;
  const next = incrId(id);
  return next !== null && cmpId(s.firstId, next) > 0;
}
