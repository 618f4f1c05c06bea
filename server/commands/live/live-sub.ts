/**
 * One live subscription: what it watches, what it last sent, and the ring of its recent pushes
 * (for LIVE.RESUME). Memory per subscription is bounded: the last window sent (at most
 * MAX_WINDOW entries) or a stream position, plus a ring bounded by count and bytes.
 */
import type { Client } from '../../engine/client.ts';
import type { Entry } from '../../store/keyspace.ts';
import type { StreamId } from '../../store/stream-id.ts';
import type { PushMap } from './live-value.ts';
import type { LiveWindow, WindowSource, WindowSpec } from './live-window.ts';

/** Largest window a watch may ask for (entries). */
export const MAX_WINDOW = 1000;

export type SubKind = 'top' | 'around' | 'stream';

/**
 * What a window watch does with a subscriber that fell behind (output over live-max-buffer):
 * 'conflate' skips ticks, then sends one delta from the last window it was sent (nothing is lost:
 * a window is state, only its latest value matters); 'reset' sends a gap signal and a fresh
 * snapshot flagged reset:true.
 */
export type SlowPolicy = 'conflate' | 'reset';

export interface RingItem {
  seq: number;
  epoch: number;
  body: PushMap;
  bytes: number;
}

/** The recent pushes of a subscription, oldest first, bounded by count and bytes. */
export class Ring {
  private items: RingItem[] = [];
  private head = 0;
  bytes = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  add(item: RingItem, maxItems: number, maxBytes: number): void {
    this.items.push(item);
    this.bytes += item.bytes;
    while (this.length > 0 && (this.length > maxItems || this.bytes > maxBytes)) {
      this.bytes -= this.items[this.head].bytes;
      this.head++;
    }
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Seq of the oldest push kept, or -1 when empty. */
  oldestSeq(): number {
    return this.length === 0 ? -1 : this.items[this.head].seq;
  }

  /** The kept push with this seq. */
  at(seq: number): RingItem | undefined {
    if (this.length === 0) return undefined;
    const i = this.head + (seq - this.items[this.head].seq);
    return i >= this.head && i < this.items.length ? this.items[i] : undefined;
  }

  /** The kept pushes after `seq`, in order. */
  after(seq: number): RingItem[] {
    const out: RingItem[] = [];
    for (let i = this.head; i < this.items.length; i++) if (this.items[i].seq > seq) out.push(this.items[i]);
    return out;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.bytes = 0;
  }
}

export class LiveSub {
  seq = 0;
  client: Client | null;
  /** When the client went away (0 while attached). */
  detachedAt = 0;
  readonly ring = new Ring();
  /** Something it watches changed since it last ran (or a tick must look again). */
  dirty = true;
  lastRun = Number.NEGATIVE_INFINITY;
  /** Ticks skipped while the client's output was over live-max-buffer. */
  behind = false;
  skipped = 0;
  /** Next run sends a snapshot (new subscription, or a reset: `resetNext`). */
  needSnapshot = true;
  resetNext = false;
  /** Replay the ring after this seq to the client at its next run (-1: nothing to replay). */
  replayAfter = -1;
  /** End reason to send at the next run (then the subscription is dropped). */
  ending: string | null = null;
  /** The user that subscribed: only its connections may resume or end the subscription. */
  user = '';

  // ---- window watches ----
  spec: WindowSpec | null = null;
  /** The last window sent (null before the first snapshot). */
  window: LiveWindow | null = null;
  readonly src: WindowSource = { board: null, target: '' };

  // ---- stream watches ----
  lastId: StreamId | null = null;
  fields: Set<string> | null = null;
  /** The stream's entriesAdded the subscription accounted for (-1: unknown until caught up). */
  accounted = -1;
  /**
   * The value followed: a stream's entry (undefined: no stream yet; another one means it was
   * deleted), or a plain sorted set's entry at the last read (the hub's sweep compares it).
   */
  entry: Entry | undefined = undefined;
  /** The next entries push restarts from an ID the client gave (seqs before it are void). */
  replayNext = false;
  /** A gap to signal before the next entries. */
  pendingGap: { reason: string; missed: number } | null = null;

  constructor(
    readonly id: string,
    readonly kind: SubKind,
    readonly dbIndex: number,
    readonly key: string,
    readonly tickMs: number,
    readonly policy: SlowPolicy,
    public epoch: number,
    client: Client,
  ) {
    this.client = client;
  }

  /** Whether the ring holds every push after (epoch, seq) as the client knows it. */
  ringCovers(epoch: number, seq: number): boolean {
    if (seq < 0 || seq > this.seq) return false;
    if (seq === this.seq) return epoch === this.epoch;
    const oldest = this.ring.oldestSeq();
    if (oldest < 0 || oldest > seq + 1) return false;
    const at = this.ring.at(seq);
    if (at !== undefined) return at.epoch === epoch;
    // seq is just before the ring: the client's epoch is the one the next push continued.
    const next = this.ring.at(seq + 1);
    return next !== undefined && (next.epoch === epoch || next.body.reset === true || next.body.replay === true || next.body.type === 'gap');
  }
}
