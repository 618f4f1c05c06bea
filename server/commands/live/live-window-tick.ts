/**
 * What window subscriptions share within one tick: subscriptions of the same window read it once
 * and encode its snapshot once, and subscriptions in step (holding the same previous window) share
 * one diff and its encoding.
 */
import type { Engine } from '../../engine/engine.ts';
import type { Database } from '../../store/keyspace.ts';
import type { LiveSub } from './live-sub.ts';
import { sizeOf, type PushValue } from './live-value.ts';
import { changeValue, diffWindows, entriesValue, readWindow, type LiveWindow, type WindowSource, type WindowSpec } from './live-window.ts';

/** A push's big part (entries, changes) encoded, with its rough size in bytes. */
export interface Encoded {
  value: PushValue[];
  bytes: number;
}

/** One window read in this tick, with what its subscriptions share. */
export interface WindowRead {
  next: LiveWindow;
  board: WindowSource['board'];
  target: string;
  entries: Encoded | null;
  /** Per previous window sent: the encoded changes (null: nothing changed). */
  diffs: Map<LiveWindow, Encoded | null>;
}

export class WindowTick {
  private readonly reads = new Map<string, WindowRead>();

  constructor(private readonly engine: Engine) {}

  /** The window of `sub` now, read once per tick for all subscriptions of the same window. */
  read(sub: LiveSub, db: Database): WindowRead {
    const spec = sub.spec as WindowSpec;
    const id = sub.dbIndex + '\n' + spec.mode + '\n' + spec.n + '\n' + (spec.desc ? 'D' : 'A') + '\n' + spec.member + '\n' + sub.key;
    let m = this.reads.get(id);
    if (m === undefined) {
      const src = { board: null, target: '' };
      const next = readWindow(this.engine, db, sub.key, spec, src);
      m = { next, board: src.board, target: src.target, entries: null, diffs: new Map() };
      this.reads.set(id, m);
    }
    return m;
  }

  /** The window's entries for a snapshot, encoded once. */
  snapshot(m: WindowRead): Encoded {
    m.entries ??= { value: entriesValue(m.next), bytes: 0 };
    if (m.entries.bytes === 0) m.entries.bytes = sizeOf(m.entries.value);
    return m.entries;
  }

  /** The changes from `prev` to the window now, encoded once per distinct `prev` (null: nothing changed). */
  delta(m: WindowRead, prev: LiveWindow): Encoded | null {
    let d = m.diffs.get(prev);
    if (d === undefined) {
      const changes = diffWindows(prev, m.next);
      const value = changes.map(changeValue);
      d = changes.length === 0 && m.next.start === prev.start ? null : { value, bytes: sizeOf(value) };
      m.diffs.set(prev, d);
    }
    return d;
  }

  /** The tick is over: later reads must see later writes. */
  clear(): void {
    this.reads.clear();
  }
}
