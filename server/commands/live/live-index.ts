/**
 * Which live subscriptions a write concerns. Subscriptions are grouped per (db, key); a write marks
 * the group dirty once, so it costs O(1) however many clients watch the key, and the tick hands the
 * dirt to the group's subscriptions. Window groups are also found by board name: an LB board `B`
 * is written through keys such as `B:2026-11-26`, `B:ties`, `B:b123`, `B:meta`.
 */
import type { LiveSub } from './live-sub.ts';

/** The subscriptions of one key, and whether it was written since the last tick. */
export interface KeyGroup {
  subs: Set<LiveSub>;
  /** Window subscriptions among them (the group is then also indexed as a board name). */
  windows: number;
  dirty: boolean;
}

export class KeyIndex {
  /** db → key → group. */
  private readonly byKey = new Map<number, Map<string, KeyGroup>>();
  /** db → board name → groups with window subscriptions. */
  private readonly byBoard = new Map<number, Map<string, KeyGroup>>();
  private readonly dirty = new Set<KeyGroup>();

  add(sub: LiveSub): void {
    const keys = mapIn(this.byKey, sub.dbIndex);
    let g = keys.get(sub.key);
    if (g === undefined) keys.set(sub.key, (g = { subs: new Set(), windows: 0, dirty: false }));
    g.subs.add(sub);
    if (sub.kind !== 'stream' && g.windows++ === 0) mapIn(this.byBoard, sub.dbIndex).set(sub.key, g);
  }

  remove(sub: LiveSub): void {
    const g = this.byKey.get(sub.dbIndex)?.get(sub.key);
    if (g === undefined || !g.subs.delete(sub)) return;
    if (sub.kind !== 'stream' && --g.windows === 0) unmapIn(this.byBoard, sub.dbIndex, sub.key);
    if (g.subs.size === 0) {
      unmapIn(this.byKey, sub.dbIndex, sub.key);
      this.dirty.delete(g);
    }
  }

  /** A keyspace event for `key`: its group, and the board groups of its `prefix:` parts. */
  written(db: number, key: string): void {
    const exact = this.byKey.get(db)?.get(key);
    if (exact !== undefined && !exact.dirty) this.mark(exact);
    const boards = this.byBoard.get(db);
    if (boards === undefined) return;
    for (let i = key.indexOf(':'); i > 0; i = key.indexOf(':', i + 1)) {
      const g = boards.get(key.slice(0, i));
      if (g !== undefined && !g.dirty) this.mark(g);
    }
  }

  private mark(g: KeyGroup): void {
    g.dirty = true;
    this.dirty.add(g);
  }

  /** Calls `fn` for each subscription of the groups written since the last call. */
  takeDirty(fn: (sub: LiveSub) => void): void {
    for (const g of this.dirty) {
      g.dirty = false;
      for (const sub of g.subs) fn(sub);
    }
    this.dirty.clear();
  }
}

function mapIn<V>(m: Map<number, Map<string, V>>, db: number): Map<string, V> {
  let keys = m.get(db);
  if (keys === undefined) m.set(db, (keys = new Map()));
  return keys;
}

function unmapIn<V>(m: Map<number, Map<string, V>>, db: number, key: string): void {
  const keys = m.get(db);
  if (keys === undefined) return;
  keys.delete(key);
  if (keys.size === 0) m.delete(db);
}
