/**
 * Latency bookkeeping, as Redis 7.0 keeps it:
 * - a per-command latency histogram (latency-tracking), with the bucket layout of the HdrHistogram
 *   Redis uses (1 ns .. 1 s, 2 significant digits), so LATENCY HISTOGRAM buckets and INFO
 *   latencystats percentiles are computed the same way;
 * - the latency monitor: "command" / "fast-command" events of at least latency-monitor-threshold ms,
 *   one sample per second in a ring of 160 (LATENCY LATEST / HISTORY / GRAPH / DOCTOR).
 */
import type { Config } from '../config.ts';
import type { Clock } from '../store/keyspace.ts';
import { FLAG_BITS, type Command } from './command.ts';

// HdrHistogram layout for lowest=1, highest=1e9, 2 significant figures: 256 sub-buckets per
// bucket (half = 128), 23 buckets.
const HALF_MAG = 7;
const HALF = 1 << HALF_MAG;
const COUNTS_LEN = 24 * HALF;
const MIN_NS = 1;
const MAX_NS = 1_000_000_000;

function bucketIndex(v: number): number {
  return 31 - Math.clz32(v | 255) - HALF_MAG;
}

/** The lowest value (ns) counted at index `idx` of Histogram.counts (GET /metrics buckets read it too). */
export function valueAtIndex(idx: number): number {
  let bi = (idx >> HALF_MAG) - 1;
  let sbi = (idx & (HALF - 1)) + HALF;
  if (bi < 0) {
    sbi -= HALF;
    bi = 0;
  }
  return sbi * 2 ** bi;
}

function highestEquivalent(v: number): number {
  const bi = bucketIndex(v);
  const sbi = Math.floor(v / 2 ** bi);
  const size = 2 ** (sbi >= 2 * HALF ? bi + 1 : bi);
  return sbi * 2 ** bi + size - 1;
}

export class Histogram {
  readonly counts = new Float64Array(COUNTS_LEN);
  total = 0;

  record(ns: number): void {
    const v = ns < MIN_NS ? MIN_NS : ns > MAX_NS ? MAX_NS : Math.round(ns);
    const bi = 31 - Math.clz32(v | 255) - HALF_MAG;
    this.counts[((bi + 1) << HALF_MAG) + (v >>> bi) - HALF]++;
    this.total++;
  }

  /** hdr_value_at_percentile, in ns. */
  valueAtPercentile(p: number): number {
    const want = Math.max(1, Math.trunc((Math.min(p, 100) / 100) * this.total + 0.5));
    let sum = 0;
    for (let i = 0; i < COUNTS_LEN; i++) {
      sum += this.counts[i];
      if (sum >= want) return highestEquivalent(valueAtIndex(i));
    }
    return 0;
  }

  /**
   * LATENCY HISTOGRAM's buckets: cumulative counts at powers of two from 1024 ns (keys in µs, as the
   * HdrHistogram log iterator reports them), only where the count grew.
   */
  cumulativeBuckets(): [number, number][] {
    const out: [number, number][] = [];
    if (this.total === 0) return out;
    let level = 1024;
    let cum = 0;
    let prev = 0;
    for (let i = 0; i < COUNTS_LEN; i++) {
      cum += this.counts[i];
      const v = valueAtIndex(i);
      if (v < level) continue;
      if (cum > prev) out.push([Math.floor(highestEquivalent(v) / 1000), cum]);
      prev = cum;
      level *= 2;
      if (cum >= this.total) break;
    }
    return out;
  }
}

/** Samples kept per latency event (Redis LATENCY_TS_LEN). */
export const LATENCY_TS_LEN = 160;

export interface LatencySample {
  /** Unix seconds; 0 = empty slot. */
  time: number;
  ms: number;
}

export class LatencySeries {
  readonly samples: LatencySample[] = Array.from({ length: LATENCY_TS_LEN }, () => ({ time: 0, ms: 0 }));
  idx = 0;
  max = 0;

  add(now: number, ms: number): void {
    if (ms > this.max) this.max = ms;
    const prev = this.samples[(this.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN];
    // One sample per second: a second spike in the same second only raises it.
    if (prev.time === now) {
      if (ms > prev.ms) prev.ms = ms;
      return;
    }
    const s = this.samples[this.idx];
    s.time = now;
    s.ms = ms;
    this.idx = (this.idx + 1) % LATENCY_TS_LEN;
  }

  /** Samples oldest first. */
  ordered(): LatencySample[] {
    const out: LatencySample[] = [];
    for (let j = 0; j < LATENCY_TS_LEN; j++) {
      const s = this.samples[(this.idx + j) % LATENCY_TS_LEN];
      if (s.time !== 0) out.push(s);
    }
    return out;
  }

  latest(): LatencySample {
    return this.samples[(this.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN];
  }
}

/** A config value that may not be declared (yet): its default then. */
function configInt(config: Config, name: string, def: number): number {
  return config.def(name) !== undefined ? config.int(name) : def;
}

export function configString(config: Config, name: string, def: string): string {
  return config.def(name) !== undefined ? config.get(name) : def;
}

const F_FAST = FLAG_BITS.fast;

export class LatencyMonitor {
  readonly histograms = new Map<Command, Histogram>();
  readonly events = new Map<string, LatencySeries>();
  /** latency-tracking */
  tracking: boolean;
  /** latency-monitor-threshold (ms; 0 = off) */
  threshold: number;

  constructor(
    private config: Config,
    private clock: Clock,
  ) {
    this.tracking = configInt(config, 'latency-tracking', 1) !== 0;
    this.threshold = configInt(config, 'latency-monitor-threshold', 0);
    config.onChange('latency-tracking', () => (this.tracking = configInt(config, 'latency-tracking', 1) !== 0));
    config.onChange('latency-monitor-threshold', () => (this.threshold = configInt(config, 'latency-monitor-threshold', 0)));
  }

  /** Dispatch reports every executed command here (after commandstats). */
  record(cmd: Command, usec: number): void {
    if (this.tracking) {
      let h = this.histograms.get(cmd);
      if (h === undefined) this.histograms.set(cmd, (h = new Histogram()));
      h.record(usec * 1000);
    }
    if (this.threshold > 0) {
      const ms = Math.floor(usec / 1000);
      if (ms >= this.threshold) this.addSample((cmd.flags & F_FAST) !== 0 ? 'fast-command' : 'command', ms);
    }
  }

  addSample(event: string, ms: number): void {
    let s = this.events.get(event);
    if (s === undefined) this.events.set(event, (s = new LatencySeries()));
    s.add(Math.floor(this.clock.now() / 1000), ms);
  }

  /** LATENCY RESET: forgets the named events (all when none); returns how many existed. */
  reset(names: readonly string[] | null): number {
    if (names === null) {
      const n = this.events.size;
      this.events.clear();
      return n;
    }
    let n = 0;
    for (const name of names) if (this.events.delete(name)) n++;
    return n;
  }

  /** The percentiles INFO latencystats prints (latency-tracking-info-percentiles). */
  infoPercentiles(): number[] {
    const text = configString(this.config, 'latency-tracking-info-percentiles', '50 99 99.9');
    return text
      .split(/\s+/)
      .filter((w) => w !== '')
      .map(Number);
  }
}
