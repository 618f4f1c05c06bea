/**
 * Leaderboard windows for live watches: what a window shows now (top N, or N around a member), read
 * the way LB.TOP / LB.AROUND read it, and the smallest delta from one window to the next.
 *
 * A window is a list of (member, score) in board order starting at board rank `start`. A delta
 * names only what a client cannot infer: members that left, members that entered or moved (with
 * their new rank), and members whose score changed in place. Members that are not named keep their
 * relative order and fill the remaining slots, so one player climbing past three others costs one
 * "move", not four (the unnamed members' ranks follow from `start` and their position).
 */
import type { Client } from '../../engine/client.ts';
import type { Engine } from '../../engine/engine.ts';
import type { Database } from '../../store/keyspace.ts';
import type { SortedSet } from '../../store/zset.ts';
import { Err, fail } from '../../engine/errors.ts';
import {
  keyOf,
  loadBoard,
  memberOf,
  metaKey,
  rankOfKey,
  rollingView,
  setView,
  viewSize,
  writeTarget,
  type Board,
  type View,
} from '../sorted-sets/index.ts';
import { currentPeriod } from '../../store/leaderboard-period.ts';
import { Dbl, type PushValue } from './live-value.ts';

export interface WindowSpec {
  /** 'top': the first n entries; 'around': `member` with up to n above and n below. */
  mode: 'top' | 'around';
  n: number;
  member: string;
  /** Plain sorted sets only (an LB board has its own direction): true = highest score first. */
  desc: boolean;
}

export interface LiveWindow {
  /** Board rank (0 = best) of the first entry. */
  start: number;
  members: string[];
  scores: number[];
}

export const EMPTY_WINDOW: LiveWindow = { start: 0, members: [], scores: [] };

/** Where a window was read from: lets the hub notice a period rollover without any write. */
export interface WindowSource {
  /** The board's configuration when `key:meta` exists (an LB board), else null. */
  board: Board | null;
  /** The set a write goes to now (period/bucket boards move it with time), or '' for fixed sets. */
  target: string;
}

/** Commands' lookup helpers want a Client; a window read needs only its engine and database. */
function readerFor(engine: Engine, db: Database): Client {
  return { engine, db } as unknown as Client;
}

/**
 * Reads the window `spec` of `key` now. An LB board (its `key:meta` exists) is read as LB.TOP and
 * LB.AROUND read it: its direction, tie-break, current period or rolling window. Anything else is a
 * plain sorted set in `spec.desc` order (ZREVRANGE order by default). Throws WRONGTYPE.
 */
export function readWindow(engine: Engine, db: Database, key: string, spec: WindowSpec, src: WindowSource): LiveWindow {
  const c = readerFor(engine, db);
  const meta = db.get(metaKey(key));
  let v: View;
  if (meta !== undefined) {
    const b = loadBoard(c, key);
    src.board = b;
    const cfg = b.cfg;
    const now = engine.keyspace.now;
    if (cfg.period === null) {
      src.target = '';
      v = setView(c, key, cfg, false);
    } else {
      src.target = writeTarget(b, now).key;
      v = cfg.period === 'rolling' ? rollingView(c, b, now) : setView(c, key + ':' + currentPeriod(cfg.period, cfg.tz, now).id, cfg, false);
    }
  } else {
    src.board = null;
    src.target = '';
    const e = db.get(key);
    if (e !== undefined && e.type !== 'zset') fail(Err.wrongType);
    v = { z: e?.value as SortedSet | undefined, desc: spec.desc, arrival: null };
  }
  return windowOf(v, spec);
}

function windowOf(v: View, spec: WindowSpec): LiveWindow {
  const size = viewSize(v);
  let start = 0;
  let end = Math.min(size, spec.n) - 1;
  if (spec.mode === 'around') {
    const k = keyOf(v, spec.member);
    if (k === undefined) return { start: 0, members: [], scores: [] };
    const r = rankOfKey(v, k);
    start = Math.max(0, r - spec.n);
    end = Math.min(size - 1, r + spec.n);
  }
  const count = end - start + 1;
  const members: string[] = [];
  const scores: number[] = [];
  if (count <= 0) return { start, members, scores };
  const z = v.z as SortedSet;
  const cur = z.cursor(v.desc ? size - 1 - start : start, v.desc);
  for (let i = 0; i < count && cur.valid; i++, cur.advance()) {
    members.push(memberOf(v, cur.member));
    scores.push(cur.score);
  }
  return { start, members, scores };
}

export type WindowChange =
  | { op: 'enter'; member: string; score: number; rank: number }
  | { op: 'leave'; member: string }
  | { op: 'move'; member: string; from: number; to: number; score: number }
  | { op: 'score'; member: string; score: number; rank: number };

/**
 * The changes from `prev` to `next`: leaves, then enters and moves by rank, then score changes.
 * The members kept in place are a longest run of members whose relative order did not change
 * (longest increasing subsequence of their old positions), so moves are as few as possible.
 */
export function diffWindows(prev: LiveWindow, next: LiveWindow): WindowChange[] {
  const oldIdx = new Map<string, number>();
  for (let i = 0; i < prev.members.length; i++) oldIdx.set(prev.members[i], i);
  const out: WindowChange[] = [];
  const inNext = new Set<string>();
  // Positions (in next) of members present in both, and their old positions.
  const both: number[] = [];
  const olds: number[] = [];
  for (let i = 0; i < next.members.length; i++) {
    const m = next.members[i];
    inNext.add(m);
    const o = oldIdx.get(m);
    if (o !== undefined) {
      both.push(i);
      olds.push(o);
    }
  }
  for (const m of prev.members) if (!inNext.has(m)) out.push({ op: 'leave', member: m });
  const stay = increasingKeep(olds);
  const scoreChanges: WindowChange[] = [];
  let b = 0;
  for (let i = 0; i < next.members.length; i++) {
    const m = next.members[i];
    const s = next.scores[i];
    const rank = next.start + i;
    if (b < both.length && both[b] === i) {
      const o = olds[b];
      if (!stay[b]) out.push({ op: 'move', member: m, from: prev.start + o, to: rank, score: s });
      else if (!sameScore(prev.scores[o], s)) scoreChanges.push({ op: 'score', member: m, score: s, rank });
      b++;
    } else {
      out.push({ op: 'enter', member: m, score: s, rank });
    }
  }
  for (const c of scoreChanges) out.push(c);
  return out;
}

function sameScore(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Marks a longest strictly increasing subsequence of `a` (O(k log k)). */
function increasingKeep(a: number[]): boolean[] {
  const k = a.length;
  const keep = new Array<boolean>(k).fill(false);
  if (k === 0) return keep;
  const tails: number[] = []; // index in a of the smallest tail of each length
  const prevOf = new Int32Array(k).fill(-1);
  for (let i = 0; i < k; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[tails[mid]] < a[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prevOf[i] = tails[lo - 1];
    tails[lo] = i;
  }
  for (let i = tails[tails.length - 1]; i >= 0; i = prevOf[i]) keep[i] = true;
  return keep;
}

/** A window as snapshot entries: [[member, score, rank], ...]. */
export function entriesValue(w: LiveWindow): PushValue[] {
  const out: PushValue[] = [];
  for (let i = 0; i < w.members.length; i++) out.push([w.members[i], new Dbl(w.scores[i]), w.start + i]);
  return out;
}

/** A change as a compact array, op first (a top-10 delta is mostly member names, not field names). */
export function changeValue(ch: WindowChange): PushValue[] {
  switch (ch.op) {
    case 'enter':
      return ['enter', ch.member, new Dbl(ch.score), ch.rank];
    case 'leave':
      return ['leave', ch.member];
    case 'move':
      return ['move', ch.member, ch.from, ch.to, new Dbl(ch.score)];
    case 'score':
      return ['score', ch.member, new Dbl(ch.score), ch.rank];
  }
}
