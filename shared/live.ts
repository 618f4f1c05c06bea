/**
 * Live subscriptions, client side (browser and Node; no node: imports). Wire types of the pushes
 * LIVE.WATCH / LIVE.STREAM send (docs/live.md), and LiveView, which applies them to keep the
 * current window or stream tail, checks the sequence, and says how to resume after a reconnect.
 *
 * A push arrives as RESP3 `>2 "live" %{...}` or, over the WebSocket gateway, as
 * {"push":["live",{...}]}; LiveView.apply takes the map (or the ["live", map] pair).
 */

export interface WindowEntry {
  member: string;
  score: number;
  rank: number;
}

export type WindowChange =
  | { op: 'enter'; member: string; score: number; rank: number }
  | { op: 'leave'; member: string }
  | { op: 'move'; member: string; from: number; to: number; score: number }
  | { op: 'score'; member: string; score: number; rank: number };

/** [id, [field, value, ...]] as XRANGE replies an entry. */
export type StreamEntry = [id: string, fields: string[]];

interface PushHead {
  sub: string;
  epoch: number;
  seq: number;
}

export interface SnapshotPush extends PushHead {
  type: 'snapshot';
  /** True when it replaces the state after a gap or a resume the server could not replay. */
  reset: boolean;
  start: number;
  /** [member, score, rank] in board order. */
  entries: [string, number, number][];
}

export interface DeltaPush extends PushHead {
  type: 'delta';
  /** Rank of the window's first entry after the changes. */
  start: number;
  changes: WindowChange[];
}

export interface EntriesPush extends PushHead {
  type: 'entries';
  /** The entries restart after the ID given to LIVE.RESUME ... AFTER (earlier seqs are void). */
  replay?: boolean;
  entries: StreamEntry[];
}

export interface GapPush extends PushHead {
  type: 'gap';
  /** slow (subscriber fell behind), trimmed (stream entries gone before they were read), resume. */
  reason: string;
  /** How many ticks or entries were missed (-1: unknown). */
  missed: number;
}

export interface EndPush extends PushHead {
  type: 'end';
  /** unwatch, deleted (stream), wrongtype. */
  reason: string;
}

export type LivePush = SnapshotPush | DeltaPush | EntriesPush | GapPush | EndPush;

/** Reply of LIVE.WATCH / LIVE.STREAM; LIVE.RESUME adds replay and reset. */
export interface LiveState {
  sub: string;
  epoch: number;
  seq: number;
  replay?: number;
  reset?: boolean;
}

/** The live push inside a message, or null: accepts the map, ["live", map] or {push: [...]}. */
export function livePushOf(msg: unknown): LivePush | null {
  let m = msg;
  if (m !== null && typeof m === 'object' && !Array.isArray(m) && 'push' in m) m = (m as { push: unknown }).push;
  if (Array.isArray(m)) {
    if (m.length !== 2 || m[0] !== 'live') return null;
    m = m[1];
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m)) return null;
  const o = m as Record<string, unknown>;
  if (typeof o.sub !== 'string' || typeof o.type !== 'string') return null;
  return normalize(o);
}

/** Numbers may come as strings (RESP2-style doubles, "inf", big integers as text). */
function num(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'string') {
    const s = x.toLowerCase();
    if (s === 'inf' || s === '+inf') return Infinity;
    if (s === '-inf') return -Infinity;
    return Number(x);
  }
  return NaN;
}

/**
 * Member names, IDs, fields and values: over the gateway, bytes that are not UTF-8 come as
 * {"base64": "..."}; they become byte strings (one char per byte), as RESP clients see them.
 */
function text(x: unknown): string {
  if (typeof x === 'string') return x;
  if (x !== null && typeof x === 'object' && typeof (x as { base64?: unknown }).base64 === 'string') return atob((x as { base64: string }).base64);
  return String(x);
}

function normalize(o: Record<string, unknown>): LivePush {
  const head = { sub: o.sub as string, epoch: num(o.epoch), seq: num(o.seq) };
  switch (o.type) {
    case 'snapshot':
      return {
        ...head,
        type: 'snapshot',
        reset: o.reset === true || o.reset === 1,
        start: num(o.start),
        entries: ((o.entries as unknown[][]) ?? []).map((e) => [text(e[0]), num(e[1]), num(e[2])] as [string, number, number]),
      };
    case 'delta':
      return {
        ...head,
        type: 'delta',
        start: num(o.start),
        changes: ((o.changes as unknown[]) ?? []).map(changeOf),
      };
    case 'entries': {
      const p: EntriesPush = {
        ...head,
        type: 'entries',
        entries: ((o.entries as unknown[][]) ?? []).map((e) => [text(e[0]), ((e[1] as unknown[]) ?? []).map(text)] as StreamEntry),
      };
      if (o.replay === true || o.replay === 1) p.replay = true;
      return p;
    }
    case 'gap':
      return { ...head, type: 'gap', reason: String(o.reason), missed: o.missed === undefined ? -1 : num(o.missed) };
    default:
      return { ...head, type: 'end', reason: String(o.reason ?? '') };
  }
}

/**
 * A change on the wire is an array, op first: ["enter", member, score, rank], ["leave", member],
 * ["move", member, from, to, score], ["score", member, score, rank]. (A map {op, member, ...} is
 * accepted too.)
 */
function changeOf(x: unknown): WindowChange {
  if (!Array.isArray(x)) {
    const c = x as Record<string, unknown>;
    x = c.op === 'move' ? [c.op, c.member, c.from, c.to, c.score] : [c.op, c.member, c.score, c.rank];
  }
  const a = x as unknown[];
  const member = text(a[1]);
  switch (a[0]) {
    case 'enter':
      return { op: 'enter', member, score: num(a[2]), rank: num(a[3]) };
    case 'leave':
      return { op: 'leave', member };
    case 'move':
      return { op: 'move', member, from: num(a[2]), to: num(a[3]), score: num(a[4]) };
    default:
      return { op: 'score', member, score: num(a[2]), rank: num(a[3]) };
  }
}

/** What apply() did with a push. */
export type ApplyResult = 'applied' | 'duplicate' | 'gap' | 'ignored' | 'ended';

export interface LiveViewOptions {
  /** Stream watches: entries kept (oldest dropped first). Default 1000. */
  maxEntries?: number;
}

/**
 * The client's copy of one subscription. Feed it the WATCH (or RESUME) reply and every push; read
 * `window` / `entries`. When `needsResume` turns true (a seq jump, or after a reconnect), send
 * resumeCommand() on the new connection and feed its reply to `started()`.
 */
export class LiveView {
  sub: string | null = null;
  epoch = 0;
  /** Seq of the last push applied (0 before the first). */
  seq = 0;
  /** Window watches: the window in board order. */
  window: WindowEntry[] = [];
  /** Window watches: rank of the first entry. */
  start = 0;
  /** Stream watches: the latest entries, oldest first. */
  entries: StreamEntry[] = [];
  /** Stream watches: ID of the last entry received. */
  lastId: string | null = null;
  /** A push was missed: resume before trusting the state. */
  needsResume = false;
  /** The last gap signal (the server's, or a local inconsistency). */
  lastGap: { reason: string; missed: number } | null = null;
  /** Set when the subscription ended (reason). */
  ended: string | null = null;
  private readonly maxEntries: number;

  constructor(opts: LiveViewOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 1000;
  }

  /** The reply of LIVE.WATCH, LIVE.STREAM or LIVE.RESUME. */
  started(state: LiveState | Record<string, unknown>): void {
    const s = state as Record<string, unknown>;
    this.sub = String(s.sub);
    this.needsResume = false;
    // After a resume our seq stands: replayed pushes continue it, a reset push replaces the state.
    if (this.seq === 0) this.epoch = num(s.epoch);
  }

  /** Applies one push (the map, or ["live", map], or {push: [...]}). */
  apply(msg: unknown): ApplyResult {
    const p = livePushOf(msg);
    if (p === null || (this.sub !== null && p.sub !== this.sub)) return 'ignored';
    if (this.ended !== null) return 'ended';
    if (p.seq <= this.seq) return 'duplicate';
    const restart = (p.type === 'snapshot' && p.reset) || (p.type === 'entries' && p.replay === true) || p.type === 'gap';
    if (p.seq !== this.seq + 1 && !restart) {
      this.needsResume = true;
      return 'gap';
    }
    this.sub = p.sub;
    switch (p.type) {
      case 'snapshot':
        this.start = p.start;
        this.window = p.entries.map(([member, score, rank]) => ({ member, score, rank }));
        break;
      case 'delta':
        if (!this.applyDelta(p)) {
          // Our window and the server's disagree: start over from seq 0 (the server resets us).
          this.lastGap = { reason: 'inconsistent', missed: -1 };
          this.window = [];
          this.seq = 0;
          this.epoch = 0;
          this.needsResume = true;
          return 'gap';
        }
        break;
      case 'entries':
        for (const e of p.entries) this.entries.push(e);
        if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
        if (p.entries.length > 0) this.lastId = p.entries[p.entries.length - 1][0];
        break;
      case 'gap':
        this.lastGap = { reason: p.reason, missed: p.missed };
        break;
      case 'end':
        this.ended = p.reason;
        break;
    }
    this.seq = p.seq;
    this.epoch = p.epoch;
    this.needsResume = false;
    return 'applied';
  }

  private applyDelta(p: DeltaPush): boolean {
    const gone = new Set<string>();
    const placed: WindowEntry[] = [];
    for (const ch of p.changes) {
      if (ch.op === 'leave') gone.add(ch.member);
      else if (ch.op === 'move') {
        gone.add(ch.member);
        placed.push({ member: ch.member, score: ch.score, rank: ch.to });
      } else if (ch.op === 'enter') placed.push({ member: ch.member, score: ch.score, rank: ch.rank });
    }
    const stays = this.window.filter((e) => !gone.has(e.member));
    const len = stays.length + placed.length;
    const out: (WindowEntry | undefined)[] = new Array(len);
    for (const e of placed) {
      const i = e.rank - p.start;
      if (i < 0 || i >= len || out[i] !== undefined) return false;
      out[i] = e;
    }
    let k = 0;
    for (let i = 0; i < len; i++) if (out[i] === undefined) out[i] = { ...stays[k++] };
    const byMember = new Map<string, WindowEntry>();
    const win = out as WindowEntry[];
    for (let i = 0; i < len; i++) {
      win[i].rank = p.start + i;
      byMember.set(win[i].member, win[i]);
    }
    for (const ch of p.changes) {
      if (ch.op !== 'score') continue;
      const e = byMember.get(ch.member);
      if (e === undefined || e.rank !== ch.rank) return false;
      e.score = ch.score;
    }
    this.window = win;
    this.start = p.start;
    return true;
  }

  /** LIVE.RESUME for this subscription (streams add AFTER <last id> to refill from the stream). */
  resumeCommand(): string[] {
    if (this.sub === null) throw new Error('LiveView: no subscription yet');
    const cmd = ['LIVE.RESUME', this.sub, String(this.epoch), String(this.seq)];
    if (this.lastId !== null) cmd.push('AFTER', this.lastId);
    return cmd;
  }
}
