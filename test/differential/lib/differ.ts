/**
 * Runs the same commands against a real redis-server and an in-process Podium, over raw sockets, and
 * records every reply pair that differs (under the narrow rules of rules.ts).
 */
import { appendFileSync } from 'node:fs';
import { RespConn, startRedis, show, type RNode, type RedisRef } from '../../helpers/redis-ref.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { ADMIN_NAME, compareReplies, ruleFor, type Oracle } from './rules.ts';
import { formatArgv, parseScript } from './script.ts';

export interface EnvOptions {
  /** Extra redis-server arguments and the same settings for Podium (e.g. encoding thresholds). */
  config?: Record<string, string>;
  seed?: number;
}

export class DiffEnv {
  private constructor(
    readonly redis: RedisRef,
    readonly podium: TestServer,
    readonly admin: RespConn,
  ) {}

  static async start(opts: EnvOptions = {}): Promise<DiffEnv> {
    const cfg = opts.config ?? {};
    const redisArgs: string[] = [];
    for (const [k, v] of Object.entries(cfg)) redisArgs.push(`--${k}`, v);
    const [redis, podium] = await Promise.all([startRedis(redisArgs), startTestServer({ seed: opts.seed ?? 1, config: cfg })]);
    const admin = await RespConn.connect(redis.port);
    const named = await admin.send(['CLIENT', 'SETNAME', ADMIN_NAME]);
    if (named.raw !== '+OK\r\n') throw new Error(`admin connection: ${named.raw}`);
    return new DiffEnv(redis, podium, admin);
  }

  async stop(): Promise<void> {
    this.admin.close();
    await Promise.all([this.redis.stop(), this.podium.close()]);
  }

  /** Empties both servers and waits until the previous case's connections are gone from both. */
  async reset(): Promise<void> {
    const r = await this.admin.send(['FLUSHALL']);
    if (r.raw !== '+OK\r\n') throw new Error(`redis FLUSHALL: ${r.raw}`);
    this.podium.server.engine.keyspace.flushAll();
    const deadline = Date.now() + 2000;
    for (;;) {
      const list = await this.admin.send(['CLIENT', 'LIST']);
      const others = (list.v ?? '').split('\n').filter((l) => l !== '' && !l.includes(`name=${ADMIN_NAME} `));
      if (others.length === 0 && this.podium.server.engine.clients.size === 0) break;
      if (Date.now() > deadline) throw new Error('connections of the previous case are still open');
      await new Promise((res) => setTimeout(res, 5));
    }
  }

  /** Sets parameters on both servers; returns a function that restores the previous values. */
  async configure(params: Record<string, string>): Promise<() => Promise<void>> {
    const undo: [string, string, string][] = [];
    for (const [k, v] of Object.entries(params)) {
      const before = await this.admin.send(['CONFIG', 'GET', k]);
      const rOld = before.items?.[1]?.v ?? '';
      const pOld = this.podium.server.config.get(k);
      const set = await this.admin.send(['CONFIG', 'SET', k, v]);
      if (set.raw !== '+OK\r\n') throw new Error(`redis CONFIG SET ${k} ${v}: ${set.raw}`);
      const err = this.podium.server.config.set(k, v);
      if (err !== null) throw new Error(`podium config ${k} ${v}: ${err}`);
      undo.push([k, rOld, pOld]);
    }
    return async () => {
      for (const [k, rOld, pOld] of undo.reverse()) {
        await this.admin.send(['CONFIG', 'SET', k, rOld]);
        this.podium.server.config.set(k, pOld);
      }
    };
  }

  session(opts: { resp3?: boolean; label?: string } = {}): Session {
    return new Session(this, opts.resp3 ?? false, opts.label ?? '');
  }
}

export interface Mismatch {
  label: string;
  /** Script line number, or the index of a generated command. */
  at: string;
  conn: string;
  command: string;
  redis: string;
  podium: string;
  why: string;
  context: string[];
}

interface PairConn {
  name: string;
  r: RespConn;
  p: RespConn;
  /** Commands queued in MULTI (as Redis saw it), or null outside MULTI. */
  queued: string[][] | null;
  /** Client ids on each server (fetched when a script uses {id:NAME}). */
  ids: [string, string] | null;
  /** @send commands whose replies have not been compared yet. */
  pending: Pending[];
}

interface Pending {
  argv: string[];
  at: string;
  r: Promise<RNode>;
  p: Promise<RNode>;
  rDone: RNode | null;
  pDone: RNode | null;
}

const ID_REF = /\{id:(\w+)\}/g;

function keyspaceScan(argv: string[]): boolean {
  return argv[0].toLowerCase() === 'scan';
}

const MULTI_IMMEDIATE = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

export class Session {
  readonly mismatches: Mismatch[] = [];
  private conns = new Map<string, PairConn>();
  private cur: PairConn | null = null;
  /** The last commands sent, for the context of a mismatch. */
  private history: string[] = [];
  /** How many mismatches are recorded before commands stop being compared. */
  limit = 50;
  commands = 0;
  /** The script refers to client ids: fetch them when a connection opens. */
  private wantIds = false;
  /**
   * Keyspace hits Podium counted more than Redis for reasons of the harness, not of the command:
   * a @scanall of an existing key makes as many SSCAN/HSCAN calls (one hit each) as each server's
   * pages need. INFO comparisons of keyspace_hits correct for it.
   */
  hitSkew = 0;

  constructor(
    readonly env: DiffEnv,
    readonly resp3: boolean,
    readonly label: string,
  ) {}

  get inMulti(): boolean {
    return this.cur?.queued != null;
  }

  async use(name: string): Promise<void> {
    let c = this.conns.get(name);
    if (c === undefined) {
      const [r, p] = await Promise.all([RespConn.connect(this.env.redis.port), RespConn.connect(this.env.podium.port)]);
      c = { name, r, p, queued: null, ids: null, pending: [] };
      this.conns.set(name, c);
      this.cur = c;
      if (this.resp3) await this.command(['HELLO', '3'], 'open');
      if (this.wantIds) {
        const [ri, pi] = await Promise.all([r.send(['CLIENT', 'ID']), p.send(['CLIENT', 'ID'])]);
        c.ids = [ri.v ?? '?', pi.v ?? '?'];
      }
    }
    this.cur = c;
  }

  private record(at: string, command: string, r: string, p: string, why: string): void {
    const m: Mismatch = { label: this.label, at, conn: this.cur!.name, command, redis: r, podium: p, why, context: this.history.slice(-12, -1) };
    this.mismatches.push(m);
    if (process.env.DIFF_REPORT && this.label !== 'shrink') appendFileSync(process.env.DIFF_REPORT, JSON.stringify(m) + '\n');
  }

  /** Sends one command to both servers, compares, and returns both replies. */
  async command(argv: string[], at: string): Promise<{ r: RNode; p: RNode; same: boolean }> {
    if (this.cur === null) await this.use('a');
    const c = this.cur!;
    this.commands++;
    const line = formatArgv(argv);
    this.history.push(this.conns.size > 1 ? `[${c.name}] ${line}` : line);
    if (this.history.length > 40) this.history.splice(0, 20);
    const name = argv[0]?.toLowerCase() ?? '';
    const queuing = c.queued !== null && !MULTI_IMMEDIATE.has(name);
    const rule = ruleFor(argv);
    let oracle: Oracle | null = null;
    const q = rule?.oracle && c.queued === null ? rule.oracle(argv) : null;
    if (q !== null && q.every((x) => x !== undefined)) {
      const [ro, po] = await Promise.all([c.r.send(q), c.p.send(q)]);
      oracle = { redis: ro, podium: po };
    }
    const [rArgv, pArgv] = this.sides(argv);
    const [r, p] = await Promise.all([c.r.send(rArgv), c.p.send(pArgv)]);
    let why: string | null;
    if (r.t === 'timeout' || p.t === 'timeout') {
      why = r.t === 'timeout' ? 'Redis did not reply (the script is wrong)' : 'Podium did not reply';
    } else if (name === 'exec' && c.queued !== null && r.t === '*' && p.t === '*' && r.items !== null && p.items !== null && r.items.length === c.queued.length && p.items.length === r.items.length) {
      why = null;
      for (let i = 0; i < r.items.length && why === null; i++) {
        const w = compareReplies(c.queued[i], r.items[i], p.items[i], null);
        if (w !== null) why = `EXEC reply ${i + 1} (${formatArgv(c.queued[i])}): ${w}`;
      }
    } else {
      why = queuing ? (r.raw === p.raw ? null : 'replies differ') : compareReplies(argv, r, p, oracle);
    }
    if (why !== null && this.mismatches.length < this.limit) this.record(at, line, r.raw, p.raw, why);

    // Follow MULTI as Redis saw it, so EXEC's replies are compared under each queued command's rule.
    if (c.queued === null) {
      if (name === 'multi' && r.raw === '+OK\r\n') c.queued = [];
    } else if (queuing) {
      if (r.raw === '+QUEUED\r\n') c.queued.push(argv);
    } else if (name === 'exec' || name === 'reset' || (name === 'discard' && r.t !== '-')) {
      c.queued = null;
    }
    if (name === 'spop' && oracle !== null && why === null && r.t !== '-') await this.resyncPop(c, argv[1], r, p);
    return { r, p, same: why === null };
  }

  /** The command as each server must see it ({id:NAME} replaced by that server's client id). */
  private sides(argv: string[]): [string[], string[]] {
    if (!argv.some((a) => a.includes('{id:'))) return [argv, argv];
    const sub = (side: 0 | 1) =>
      argv.map((a) =>
        a.replace(ID_REF, (_m, name: string) => {
          const ids = this.conns.get(name)?.ids;
          if (!ids) throw new Error(`{id:${name}}: no such connection (or ids not fetched)`);
          return ids[side];
        }),
      );
    return [sub(0), sub(1)];
  }

  /** Sends without waiting: the command may block. */
  async send(argv: string[], at: string): Promise<void> {
    if (this.cur === null) await this.use('a');
    const c = this.cur!;
    this.history.push(`@send ${formatArgv(argv)}`);
    const [rArgv, pArgv] = this.sides(argv);
    const pend: Pending = { argv, at, r: c.r.send(rArgv, 10_000), p: c.p.send(pArgv, 10_000), rDone: null, pDone: null };
    void pend.r.then((n) => (pend.rDone = n));
    void pend.p.then((n) => (pend.pDone = n));
    c.pending.push(pend);
  }

  /** Waits for the oldest pending reply of the current connection and compares it. */
  async reply(at: string): Promise<void> {
    const c = this.cur!;
    const pend = c.pending.shift();
    if (pend === undefined) throw new Error(`${at}: @reply without a pending @send`);
    const [r, p] = await Promise.all([pend.r, pend.p]);
    let why: string | null;
    if (r.t === 'timeout' || p.t === 'timeout') why = r.t === 'timeout' ? 'Redis did not reply (the script is wrong)' : 'Podium did not reply';
    else why = compareReplies(pend.argv, r, p, null);
    if (why !== null) this.record(`${pend.at}..${at}`, `@send ${formatArgv(pend.argv)}`, r.raw, p.raw, why);
  }

  /** Neither server may have answered the pending @send within `ms`. */
  async noReply(ms: number, at: string): Promise<void> {
    const c = this.cur!;
    const pend = c.pending[0];
    if (pend === undefined) throw new Error(`${at}: @noreply without a pending @send`);
    await new Promise((res) => setTimeout(res, ms));
    if (pend.rDone !== null || pend.pDone !== null) {
      this.record(at, `@noreply after @send ${formatArgv(pend.argv)}`, pend.rDone?.raw ?? '<no reply yet>', pend.pDone?.raw ?? '<no reply yet>', 'a reply came while the client should still be blocked');
    }
  }

  /**
   * Iterates a SCAN-family command to cursor 0 on each server separately and compares the sets of
   * elements seen (pairs for HSCAN). Returns whether they agree.
   */
  async scanAll(argv: string[], at: string): Promise<boolean> {
    if (this.cur === null) await this.use('a');
    const c = this.cur!;
    const line = `@scanall ${formatArgv(argv)}`;
    this.history.push(line);
    this.commands++;
    const cursorAt = argv[0].toLowerCase() === 'scan' ? 1 : 2;
    const paired = argv[0].toLowerCase() === 'hscan';
    const calls = [0, 0];
    const iterate = async (conn: RespConn, side: 0 | 1): Promise<{ error: string } | { elements: string[] }> => {
      let cursor = '0';
      const seen = new Set<string>();
      for (;;) {
        if (++calls[side] > 100_000) return { error: '<SCAN did not finish>' };
        const a = argv.slice();
        a[cursorAt] = cursor;
        const n = await conn.send(a);
        if (n.t !== '*' || n.items === null || n.items.length !== 2 || n.items[1].items === null) return { error: n.raw };
        const items = n.items[1].items;
        for (let i = 0; i < items.length; i += paired ? 2 : 1) seen.add(paired ? `${items[i].raw}${items[i + 1]?.raw}` : items[i].raw);
        cursor = n.items[0].v ?? '0';
        if (cursor === '0') return { elements: [...seen].sort() };
      }
    };
    const [r, p] = await Promise.all([iterate(c.r, 0), iterate(c.p, 1)]);
    // Each call on an existing key counts a hit (a missing or wrong-type key takes one call on both).
    if (!keyspaceScan(argv)) this.hitSkew += calls[1] - calls[0];
    const text = (x: { error: string } | { elements: string[] }) => ('error' in x ? x.error : x.elements.join(' '));
    const same = text(r) === text(p) && 'error' in r === 'error' in p;
    if (!same && this.mismatches.length < this.limit) this.record(at, line, text(r), text(p), 'full iterations saw different elements');
    return same;
  }

  /**
   * Compares deterministic INFO fields exactly (after CONFIG RESETSTAT in the same script, counters
   * are the same on both servers): the named fields of a section, every line when none are named,
   * and for commandstats the counts (not the times) of every command.
   */
  async info(section: string, fields: string[], at: string): Promise<void> {
    if (this.cur === null) await this.use('a');
    const c = this.cur!;
    const [r, p] = await Promise.all([c.r.send(['INFO', section]), c.p.send(['INFO', section])]);
    const lines = (n: RNode) =>
      (n.t === '=' ? (n.v ?? '').slice(4) : n.v ?? '')
        .split('\r\n')
        .filter((l) => l !== '' && !l.startsWith('#'));
    const pick = (n: RNode) => {
      const ls = lines(n);
      if (section.toLowerCase() === 'commandstats') {
        // Redis lists commands in its command table's hash order: compare as a set.
        return ls.map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, '')).sort().join('\n');
      }
      if (fields.length === 0) return ls.join('\n');
      return fields.map((f) => ls.find((l) => l.startsWith(`${f}:`)) ?? `${f}:<missing>`).join('\n');
    };
    let rv = pick(r);
    const pv = pick(p);
    if (this.hitSkew !== 0) rv = rv.replace(/^keyspace_hits:(\d+)$/m, (_m, n: string) => `keyspace_hits:${Number(n) + this.hitSkew}`);
    if (rv !== pv || r.t !== p.t) this.record(at, `@info ${section} ${fields.join(' ')}`, rv, pv, 'INFO fields differ');
  }

  /** SPOP removed different random members: make Podium's set equal to Redis's again. */
  private async resyncPop(c: PairConn, key: string, r: RNode, p: RNode): Promise<void> {
    const popped = (n: RNode) => (n.items === null ? (n.v === null ? [] : [n.v]) : n.items.map((i) => i.v ?? ''));
    const pr = popped(r);
    const pp = popped(p);
    if (pr.slice().sort().join('\0') === pp.slice().sort().join('\0')) return;
    if (pp.length > 0) await c.p.send(['SADD', key, ...pp]);
    if (pr.length > 0) await c.p.send(['SREM', key, ...pr]);
  }

  /** Sends a command to both servers without comparing (the harness's own reads). */
  async readBoth(argv: string[]): Promise<[RNode, RNode]> {
    if (this.cur === null) await this.use('a');
    const c = this.cur!;
    return Promise.all([c.r.send(argv), c.p.send(argv)]);
  }

  /** Sends raw bytes to both and compares `replies` replies exactly. */
  async raw(bytes: string, replies: number, at: string): Promise<void> {
    if (this.cur === null) await this.use('a');
    const c = this.cur!;
    this.history.push(`@raw ${JSON.stringify(bytes)}`);
    const [r, p] = await Promise.all([c.r.sendRaw(bytes, replies), c.p.sendRaw(bytes, replies)]);
    const rr = r.map((n) => n.raw).join('');
    const pr = p.map((n) => n.raw).join('');
    if (rr !== pr || r.some((n) => n.t === 'timeout')) this.record(at, `@raw ${JSON.stringify(bytes)}`, rr, pr, 'replies differ');
  }

  async closedCheck(at: string): Promise<void> {
    const c = this.cur!;
    const [rc, pc] = await Promise.all([c.r.waitClosed(), c.p.waitClosed()]);
    if (rc !== pc) this.record(at, '@closed', rc ? 'closed' : 'open', pc ? 'closed' : 'open', 'connection state differs');
  }

  async runScript(text: string): Promise<void> {
    this.wantIds = text.includes('{id:');
    for (const step of parseScript(text)) {
      const at = `line ${step.line}`;
      switch (step.kind) {
        case 'cmd':
          await this.command(step.argv, at);
          break;
        case 'conn':
          await this.use(step.name);
          break;
        case 'sleep':
          await new Promise((res) => setTimeout(res, step.ms));
          break;
        case 'closed':
          await this.closedCheck(at);
          break;
        case 'raw':
          await this.raw(step.bytes, step.replies, at);
          break;
        case 'send':
          await this.send(step.argv, at);
          break;
        case 'reply':
          await this.reply(at);
          break;
        case 'noreply':
          await this.noReply(step.ms, at);
          break;
        case 'scanall':
          await this.scanAll(step.argv, at);
          break;
        case 'info':
          await this.info(step.section, step.fields, at);
          break;
      }
    }
  }

  close(): void {
    for (const c of this.conns.values()) {
      c.r.close();
      c.p.close();
    }
    this.conns.clear();
    this.cur = null;
  }

  /** Throws a readable report when anything differed. */
  assertSame(extra = ''): void {
    if (this.mismatches.length === 0) return;
    const parts = this.mismatches.slice(0, 8).map((m, i) => {
      const ctx = i === 0 && m.context.length > 0 ? `\n    after: ${m.context.join(' | ')}` : '';
      return `  ${m.at}${this.conns.size > 1 || m.conn !== 'a' ? ` [${m.conn}]` : ''}: ${m.command}\n    redis:  ${show(m.redis)}\n    podium: ${show(m.podium)}\n    (${m.why})${ctx}`;
    });
    const more = this.mismatches.length > 8 ? `\n  ... and ${this.mismatches.length - 8} more` : '';
    throw new Error(`${this.mismatches.length} mismatch(es) against Redis in ${this.label}${this.resp3 ? ' (RESP3)' : ''}:\n${parts.join('\n')}${more}${extra}`);
  }
}
