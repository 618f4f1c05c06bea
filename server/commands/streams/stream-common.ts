/**
 * What the stream commands share: ID arguments, entry replies, and the consumer-group helpers that
 * XREADGROUP, XCLAIM, XAUTOCLAIM, XPENDING and XINFO all use.
 */
import type { Client } from '../../engine/client.ts';
import { Err, fail } from '../../engine/errors.ts';
import type { Stream, StreamNode } from '../../store/stream.ts';
import { idToString, parseStreamId, type StreamId } from '../../store/stream-id.ts';
import type { Consumer, ConsumerGroup, Groups, Nack } from '../../store/stream-groups.ts';

/** streamParseStrictIDOrReply / streamParseIDOrReply. */
export function idArg(s: string, strict: boolean, missingSeqMax = false): StreamId {
  const id = parseStreamId(s, strict, missingSeqMax, false);
  if (id === null) fail(Err.streamInvalidId);
  return id;
}

/** Writes entries collected by Stream.range as [[id, [field, value, ...]], ...]. */
export function replyEntries(c: Client, refs: (StreamNode | number)[], n: number): void {
  const r = c.reply;
  r.array(n);
  for (let i = 0; i < refs.length; i += 2) replyEntryOf(r, refs[i] as StreamNode, refs[i + 1] as number);
}

/** One entry as [id, [field, value, ...]]. */
export function replyEntryOf(r: Client['reply'], node: StreamNode, s: number): void {
  r.array(2);
  r.bulk(node.idString(s));
  const k = node.entry(s, scratch);
  r.array(k);
  for (let j = 0; j < k; j++) r.bulk(scratch[j]);
}

const scratch: string[] = [];

export function lookupGroup(s: Stream, name: string): ConsumerGroup | undefined {
  return (s.groups as Groups | null)?.get(name);
}

/** A group-only change: dirty (so it propagates) without touching WATCH or waking readers. */
export function groupChanged(c: Client, n = 1): void {
  c.engine.dirty += n;
  c.engine.changes++;
}

/** streamCreateConsumer with its event (SCC_DEFAULT). */
export function createConsumer(c: Client, g: ConsumerGroup, name: string, key: string, db: number): Consumer | undefined {
  const cons = g.createConsumer(name, c.engine.keyspace.now);
  if (cons === undefined) return undefined;
  c.engine.dirty++;
  c.engine.changes++;
  c.engine.notify('t', 'xgroup-createconsumer', db, key);
  return cons;
}

/** streamLookupConsumer (refreshing seen-time) or streamCreateConsumer. */
export function lookupOrCreateConsumer(c: Client, g: ConsumerGroup, name: string, key: string, db: number): { cons: Consumer; created: boolean } {
  const found = g.consumer(name);
  if (found !== undefined) {
    found.seenTime = c.engine.keyspace.now;
    return { cons: found, created: false };
  }
  return { cons: createConsumer(c, g, name, key, db)!, created: true };
}

/** streamPropagateXCLAIM */
export function xclaimArgv(key: string, g: ConsumerGroup, groupName: string, id: string, nack: Nack): string[] {
  return ['XCLAIM', key, groupName, nack.consumer!.name, '0', id, 'TIME', String(nack.deliveryTime), 'RETRYCOUNT', String(nack.deliveryCount), 'FORCE', 'JUSTID', 'LASTID', idToString(g.lastId)];
}

/** streamPropagateGroupID */
export function setidArgv(key: string, g: ConsumerGroup, groupName: string): string[] {
  return ['XGROUP', 'SETID', key, groupName, idToString(g.lastId), 'ENTRIESREAD', String(g.entriesRead)];
}

/** Replies the entry with this ID if it exists (streamReplyWithRange of one ID); false if not. */
export function replyEntryById(c: Client, st: Stream, id: StreamId): boolean {
  const refs: (StreamNode | number)[] = [];
  if (st.range(id, id, 1, false, refs) === 0) return false;
  replyEntryOf(c.reply, refs[0] as StreamNode, refs[1] as number);
  return true;
}

export function entryExists(st: Stream, id: StreamId): boolean {
  const refs: (StreamNode | number)[] = [];
  return st.range(id, id, 1, false, refs) === 1;
}
