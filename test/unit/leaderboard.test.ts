import { describe, expect, it } from 'vitest';
import {
  ARRIVAL_LEN,
  DEFAULT_CONFIG,
  arrivalCode,
  arrivalSeq,
  complementArrival,
  configFields,
  decodePageCursor,
  encodePageCursor,
  parseConfig,
  type BoardConfig,
} from '../../server/store/leaderboard.ts';
import { seededRandom } from '../../server/lib/random.ts';
import { SortedSet } from '../../server/store/zset.ts';

describe('arrival codes', () => {
  it('have a fixed length, round-trip, and order by sequence (reversed when complemented)', () => {
    const rnd = seededRandom(5);
    const seqs = [0, 1, 255, 256, 65535, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER - 1];
    for (let i = 0; i < 200; i++) seqs.push(Math.floor(rnd() * Number.MAX_SAFE_INTEGER));
    for (const complement of [false, true]) {
      for (const s of seqs) {
        const code = arrivalCode(s, complement);
        expect(code.length).toBe(ARRIVAL_LEN);
        expect(arrivalSeq(code, complement)).toBe(s);
      }
      for (let i = 0; i + 1 < seqs.length; i++) {
        const a = seqs[i];
        const b = seqs[i + 1];
        if (a === b) continue;
        const byCode = arrivalCode(a, complement) < arrivalCode(b, complement);
        expect(byCode).toBe(complement ? a > b : a < b);
      }
    }
  });

  it('complement exactly when the board reads from the top and the first arrival must rank first', () => {
    const c = (desc: boolean, tie: 'first' | 'last') => complementArrival({ ...DEFAULT_CONFIG, desc, tie });
    expect([c(true, 'first'), c(true, 'last'), c(false, 'first'), c(false, 'last')]).toEqual([true, false, false, true]);
  });
});

describe('configuration', () => {
  it('round-trips through the meta hash fields', () => {
    const cfgs: BoardConfig[] = [
      DEFAULT_CONFIG,
      { ...DEFAULT_CONFIG, desc: false, mode: 'incr', tie: 'last', period: 'weekly', tz: 'Europe/Berlin', keep: 4 },
      { ...DEFAULT_CONFIG, mode: 'incr', period: 'rolling', window: 3600, buckets: 60 },
    ];
    for (const cfg of cfgs) {
      const m = new Map(configFields(cfg));
      expect(parseConfig((f) => m.get(f))).toEqual(cfg);
    }
  });

  it('rejects malformed or missing fields', () => {
    const good = new Map(configFields(DEFAULT_CONFIG));
    const bad: [string, string | undefined][] = [
      ['order', 'up'],
      ['mode', 'max'],
      ['tiebreak', undefined],
      ['period', 'hourly'],
      ['keep', '-1'],
      ['keep', '01'],
      ['window', 'x'],
    ];
    for (const [f, v] of bad) {
      const m = new Map(good);
      if (v === undefined) m.delete(f);
      else m.set(f, v);
      expect(parseConfig((k) => m.get(k)), f).toBe(null);
    }
    const rolling = new Map(configFields({ ...DEFAULT_CONFIG, period: 'rolling', window: 1, buckets: 1 }));
    rolling.set('buckets', '0');
    expect(parseConfig((k) => rolling.get(k))).toBe(null);
  });
});

describe('page cursors', () => {
  it('round-trip exact scores and binary keys', () => {
    const cases: [number, string][] = [
      [0, 'a'],
      [-1.5, ''],
      [0.1 + 0.2, 'x:y|z'],
      [2 ** 53, '\x00\xff\x80'],
      [Infinity, 'top'],
      [-Infinity, 'bottom'],
      [1e-300, 'tiny'],
      [-123456789.125, '\x1f\xff\xff\xff\xff\xff\xfemember'],
    ];
    for (const [score, key] of cases) {
      const cur = encodePageCursor(score, key);
      expect(cur).toMatch(/^[-0-9.e+A-Za-z_]*:[A-Za-z0-9_-]*$/);
      expect(decodePageCursor(cur)).toEqual({ score, key });
    }
  });

  it('rejects malformed cursors', () => {
    for (const s of ['', 'abc', ':YQ', '1', 'NaN:YQ', '1x:YQ', '1:Y Q', '1:Y', '0x10:YQ']) expect(decodePageCursor(s), s).toBe(null);
  });
});

describe('SortedSet.mods (what the rolling-window cache relies on)', () => {
  it('changes on every change of content and only then', () => {
    const z = new SortedSet();
    let last = z.mods;
    const changed = (yes: boolean) => {
      expect(z.mods !== last).toBe(yes);
      last = z.mods;
    };
    for (let i = 0; i < 300; i++) z.add('m' + i, i % 7); // past the small-set size: both layouts
    changed(true);
    z.add('m1', 1);
    changed(false); // same score
    z.add('m1', 2);
    changed(true);
    z.delete('nope');
    changed(false);
    z.delete('m1');
    changed(true);
    z.deleteRange(0, 3);
    changed(true);
    z.popMin(1, [], []);
    changed(true);
    z.popMax(2, [], []);
    changed(true);
    const cur = z.cursor(5);
    cur.remove();
    changed(true);
    z.fit(1, 1);
    z.scan(0, 10, () => {});
    changed(false);
  });
});
