/**
 * The LFU access counter (Redis 7.0 evict.c): an 8-bit logarithmic counter per key, incremented
 * with probability 1/((counter - LFU_INIT_VAL) * lfu-log-factor + 1) on each access, and decayed by
 * one for every lfu-decay-time minutes the key was not accessed. Redis keeps the counter and the
 * minute of the last decrement in the object's 24 lru bits; here the counter is Entry.freq and the
 * last access time (Entry.access, which LFU updates on each access just as Redis updates ldt) is
 * the decay reference.
 *
 * One place for it: the keyspace touches keys through LfuTouch, OBJECT FREQ and the eviction pool
 * read it through lfuDecrAndReturn.
 */
/** The part of a keyspace entry that LFU reads and writes (Entry has both). */
export interface LfuFields {
  /** The counter; undefined = LFU_INIT_VAL. */
  freq?: number;
  /** Last access time in ms. */
  access: number;
}

/** LFU_INIT_VAL: the counter a new key starts with (so it is not evicted before it had a chance). */
export const LFU_INIT_VAL = 5;

export interface LfuParams {
  logFactor: number;
  /** Minutes per decrement; 0 = never decay. */
  decayTime: number;
  random: () => number;
}

/** LFUTimeElapsed over minutes, with Redis's 16-bit wrap ignored (we keep full timestamps). */
function minutesSince(access: number, now: number): number {
  const d = Math.floor(now / 60000) - Math.floor(access / 60000);
  return d > 0 ? d : 0;
}

/** The counter of an entry as of `now`, decayed (LFUDecrAndReturn). Does not change the entry. */
export function lfuDecrAndReturn(e: LfuFields, now: number, decayTime: number): number {
  const counter = e.freq ?? LFU_INIT_VAL;
  if (decayTime <= 0) return counter;
  const periods = Math.floor(minutesSince(e.access, now) / decayTime);
  if (periods === 0) return counter;
  return periods > counter ? 0 : counter - periods;
}

/** LFULogIncr */
export function lfuLogIncr(counter: number, logFactor: number, random: () => number): number {
  if (counter === 255) return 255;
  const r = random();
  let baseval = counter - LFU_INIT_VAL;
  if (baseval < 0) baseval = 0;
  const p = 1.0 / (baseval * logFactor + 1);
  return r < p ? counter + 1 : counter;
}

/** updateLFU: decay, then count this access. The caller then sets e.access = now. */
export function lfuTouch(e: LfuFields, now: number, p: LfuParams): void {
  e.freq = lfuLogIncr(lfuDecrAndReturn(e, now, p.decayTime), p.logFactor, p.random);
}
