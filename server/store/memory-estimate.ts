/**
 * An O(1) estimate of the heap bytes one key holds, for maxmemory. The JS heap cannot tell what a
 * key costs (heapUsed also counts garbage not yet collected), so the eviction layer sums these
 * estimates instead. Each constant was calibrated against measured heap growth after a forced GC
 * (bench/eviction-calibrate.ts; numbers in docs/eviction.md) on Node 20, 64-bit, no pointer
 * compression.
 *
 * Collections are estimated as count × (per-element overhead + average element size), the average
 * taken over a few elements picked at fixed positions: deterministic for a given content (so an
 * incrementally maintained total always equals a full recomputation) and O(1) whatever the size.
 */
import type { Entry } from './keyspace.ts';
import type { HashValue } from './hash-value.ts';
import type { SetValue } from './set-value.ts';
import type { ListValue } from './list-value.ts';
import type { SortedSet } from './zset.ts';
import type { Stream, StreamNode } from './stream.ts';

/** A key in the main dict: Entry object (7 in-object fields), SlotMap index entry and slots. */
export const KEY_OVERHEAD = 150;
/** A key in the expires Set. */
export const EXPIRE_OVERHEAD = 40;
/** A hash value (HashValue, its SlotMap, the Map's initial table). */
export const HASH_BASE = 560;
/** One field/value pair of a hash (SlotMap index entry + two slots), strings excluded. */
export const HASH_PAIR_OVERHEAD = 56;
/** A set value (SetValue, its SlotMap, the Map's initial table). */
export const SET_BASE = 615;
/** One member of a set (SlotMap index entry + slot), string excluded. */
export const SET_MEMBER_OVERHEAD = 51;
/** A list value (ListValue and its ring's minimum capacity). */
export const LIST_BASE = 155;
/** One list element: a ring slot, with the ring's growth slack. */
export const LIST_ITEM_OVERHEAD = 9;
/** A sorted set (tree root leaf and its arrays). */
export const ZSET_BASE = 215;
/** One member of a small sorted set (leaf score + member slots). */
export const ZSET_SMALL_OVERHEAD = 20;
/** One member of a sorted set with a member index (tree + index map + slots). */
export const ZSET_INDEXED_OVERHEAD = 88;
/** A stream object and its node array. */
export const STREAM_BASE = 200;
/** The open tail node: its slot array and growable append buffer. */
export const STREAM_OPEN_NODE = 4900;
/** One stream entry besides its packed bytes (slot words, node share). */
export const STREAM_ENTRY_OVERHEAD = 24;

/** Elements examined per collection: all of them up to EXACT_MAX, else SAMPLES at fixed spots. */
const EXACT_MAX = 16;
const SAMPLES = 8;

/** A V8 sequential one-byte string: 16 header bytes, then the chars, rounded up to 8. */
export function strBytes(len: number): number {
  return 16 + Math.ceil(len / 8) * 8;
}

/** A fixed, repeatable "random" sequence for SlotMap.randomKey, restarted for each estimate. */
let seq = 0;
function fixedRand(): number {
  seq = (seq * 1103515245 + 12345) % 2147483648;
  return seq / 2147483648;
}

function hashBytes(h: HashValue): number {
  const n = h.size;
  if (n === 0) return 0;
  const map = h.map;
  let sum = 0;
  if (n <= EXACT_MAX) {
    map.forEach((v, k) => {
      sum += strBytes(k.length) + strBytes(v.length);
    });
    return n * HASH_PAIR_OVERHEAD + sum;
  }
  seq = 1;
  for (let i = 0; i < SAMPLES; i++) {
    const k = map.randomKey(fixedRand)!;
    sum += strBytes(k.length) + strBytes(map.get(k)!.length);
  }
  return Math.round(n * (HASH_PAIR_OVERHEAD + sum / SAMPLES));
}

function setBytes(s: SetValue): number {
  const n = s.size;
  if (n === 0) return 0;
  const map = s.map;
  let sum = 0;
  if (n <= EXACT_MAX) {
    map.forEach((_v, k) => {
      sum += strBytes(k.length);
    });
    return n * SET_MEMBER_OVERHEAD + sum;
  }
  seq = 1;
  for (let i = 0; i < SAMPLES; i++) sum += strBytes(map.randomKey(fixedRand)!.length);
  return Math.round(n * (SET_MEMBER_OVERHEAD + sum / SAMPLES));
}

function listBytes(l: ListValue): number {
  const n = l.length;
  if (n === 0) return 0;
  let sum = 0;
  if (n <= EXACT_MAX) {
    for (let i = 0; i < n; i++) sum += strBytes(l.get(i).length);
    return n * LIST_ITEM_OVERHEAD + sum;
  }
  for (let i = 0; i < SAMPLES; i++) sum += strBytes(l.get(Math.floor((i * (n - 1)) / (SAMPLES - 1))).length);
  return Math.round(n * (LIST_ITEM_OVERHEAD + sum / SAMPLES));
}

function zsetBytes(z: SortedSet): number {
  const n = z.size;
  if (n === 0) return 0;
  const per = n > SMALL_ZSET ? ZSET_INDEXED_OVERHEAD : ZSET_SMALL_OVERHEAD;
  let sum = 0;
  if (n <= EXACT_MAX) {
    for (let i = 0; i < n; i++) sum += strBytes(z.memberAt(i).length);
    return n * per + sum;
  }
  for (let i = 0; i < SAMPLES; i++) sum += strBytes(z.memberAt(Math.floor((i * (n - 1)) / (SAMPLES - 1))).length);
  return Math.round(n * (per + sum / SAMPLES));
}

/** SMALL_MAX of zset.ts: above it a sorted set also keeps a member index. */
const SMALL_ZSET = 128;

function streamBytes(s: Stream): number {
  const n = s.length;
  if (n === 0) return 0;
  // The open tail node tells the packed size of recent entries (fields and values as a listpack).
  const nodes = (s as unknown as { nodes: StreamNode[] }).nodes;
  const last = nodes[nodes.length - 1];
  const per = last !== undefined && last.n > 0 ? last.size / last.n : 0;
  return STREAM_OPEN_NODE + Math.round(n * (STREAM_ENTRY_OVERHEAD + per));
}

/** The estimated bytes of `key` holding entry `e`. O(1) (a few elements sampled per collection). */
export function estimateEntry(key: string, e: Entry): number {
  let b = KEY_OVERHEAD + strBytes(key.length);
  if (e.expireAt !== 0) b += EXPIRE_OVERHEAD;
  switch (e.type) {
    case 'string':
      return b + strBytes((e.value as string).length);
    case 'hash':
      return b + HASH_BASE + hashBytes(e.value);
    case 'set':
      return b + SET_BASE + setBytes(e.value);
    case 'list':
      return b + LIST_BASE + listBytes(e.value);
    case 'zset':
      return b + ZSET_BASE + zsetBytes(e.value);
    case 'stream':
      return b + STREAM_BASE + streamBytes(e.value);
  }
  return b;
}
