/**
 * Consumer-group structures against a naive model under seeded random operations: the group PEL
 * and every consumer's PEL stay ordered by ID and agree with each other (one NACK object in both),
 * through deliveries, reassignments, acks, claims, consumer deletion and clone().
 */
import { describe, expect, it } from 'vitest';
import { ConsumerGroup, estimateDistance, groupLag, INVALID_ENTRIES_READ, Nack, Pel } from '../../server/store/stream-groups.ts';
import { cmpId, idFromNumbers, idToString, ID_ZERO, type StreamId } from '../../server/store/stream-id.ts';
import { seededRandom } from '../../server/lib/random.ts';

const id = (ms: number, seq = 0): StreamId => idFromNumbers(ms, seq);

describe('Pel', () => {
  it('keeps NACKs ordered by ID, refuses duplicates, finds and removes', () => {
    const p = new Pel();
    for (const [ms, seq] of [[5, 0], [1, 2], [1, 1], [2 ** 40, 3], [3, 0]]) expect(p.tryInsert(new Nack(id(ms, seq), 0, 1, null))).toBe(true);
    expect(p.tryInsert(new Nack(id(1, 2), 0, 1, null))).toBe(false);
    expect(p.items.map((n) => idToString(n.id))).toEqual(['1-1', '1-2', '3-0', '5-0', `${2 ** 40}-3`]);
    expect(p.find(id(3))?.id).toEqual(id(3));
    expect(p.find(id(4))).toBeUndefined();
    expect(idToString(p.ceil(id(4))!.id)).toBe('5-0');
    expect(idToString(p.after(id(3))!.id)).toBe('5-0');
    expect(p.after(id(2 ** 40, 3))).toBeUndefined();
    expect(idToString(p.remove(id(1, 2))!.id)).toBe('1-2');
    expect(p.remove(id(1, 2))).toBeUndefined();
    expect(p.size).toBe(4);
    expect(idToString(p.first()!.id)).toBe('1-1');
    expect(idToString(p.last()!.id)).toBe(`${2 ** 40}-3`);
  });
});

describe('Pel against a sorted array', () => {
  // Enough NACKs for many chunks: inserts split them, removals (old ones, like XACK of an old
  // entry, and runs of them) shrink and merge them, appends fill the tail.
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: insert, remove, find, ceil, after, scan, toArray`, () => {
      const rnd = seededRandom(seed);
      const pick = (n: number) => Math.floor(rnd() * n);
      const p = new Pel();
      let model: number[] = [];
      let top = 0;
      const has = (k: number) => model.includes(k);
      for (let op = 0; op < 6000; op++) {
        const r = pick(10);
        if (r < 3) {
          top += 2 + pick(3); // random inserts reach top + 1 at most
          expect(p.tryInsert(new Nack(id(top), 0, 1, null))).toBe(true);
          model.push(top);
        } else if (r < 5) {
          const k = pick(top + 2);
          const fresh = !has(k);
          expect(p.tryInsert(new Nack(id(k), 0, 1, null))).toBe(fresh);
          if (fresh) model = [...model, k].sort((a, b) => a - b);
        } else if (r < 8) {
          const k = model.length > 0 && pick(4) > 0 ? model[pick(model.length)] : pick(top + 2);
          const at = model.indexOf(k);
          const got = p.remove(id(k));
          if (at < 0) expect(got).toBeUndefined();
          else {
            expect(got!.id).toEqual(id(k));
            model.splice(at, 1);
          }
        } else if (r < 9 && model.length > 0) {
          // A run from the front, as in-order consumers acknowledge.
          for (let n = pick(300); n > 0 && model.length > 0; n--) expect(p.remove(id(model.shift()!))).toBeDefined();
        } else {
          const k = pick(top + 2);
          const ge = model.find((x) => x >= k);
          const gt = model.find((x) => x > k);
          expect(p.ceil(id(k))?.id).toEqual(ge === undefined ? undefined : id(ge));
          expect(p.after(id(k))?.id).toEqual(gt === undefined ? undefined : id(gt));
          expect(p.find(id(k))?.id).toEqual(has(k) ? id(k) : undefined);
          const want = 1 + pick(50);
          const seen: number[] = [];
          p.scan(id(k), (n) => seen.push(n.id.msLo) < want);
          expect(seen).toEqual(model.filter((x) => x >= k).slice(0, want));
        }
        expect(p.size).toBe(model.length);
        if (op % 100 === 0) {
          expect(p.items.map((n) => n.id.msLo)).toEqual(model);
          expect(p.toArray(7).map((n) => n.id.msLo)).toEqual(model.slice(0, 7));
          expect(p.first()?.id.msLo).toBe(model[0]);
          expect(p.last()?.id.msLo).toBe(model[model.length - 1]);
        }
      }
    });
  }
});

describe('ConsumerGroup against a model', () => {
  it('stays consistent under random deliver/ack/assign/delete/clone', () => {
    const rnd = seededRandom(42);
    const pick = (n: number) => Math.floor(rnd() * n);
    for (let round = 0; round < 8; round++) {
      let g = new ConsumerGroup('g', ID_ZERO, INVALID_ENTRIES_READ);
      // model: id string -> {owner, count}
      const model = new Map<string, { owner: string; count: number; time: number }>();
      const names = ['a', 'b', 'c', 'd'];
      for (let op = 0; op < 400; op++) {
        const nid = id(1 + pick(60), pick(3));
        const key = idToString(nid);
        const name = names[pick(names.length)];
        const r = pick(10);
        const now = op;
        if (r < 4) {
          const cons = g.consumer(name) ?? g.createConsumer(name, now)!;
          g.deliver(nid, cons, now);
          model.set(key, { owner: name, count: 1, time: now });
        } else if (r < 6) {
          expect(g.ack(nid)).toBe(model.delete(key));
        } else if (r < 8) {
          const n = g.pel.find(nid);
          expect(n !== undefined).toBe(model.has(key));
          if (n !== undefined) {
            const cons = g.consumer(name) ?? g.createConsumer(name, now)!;
            g.assign(n, cons);
            n.deliveryCount++;
            model.get(key)!.owner = name;
            model.get(key)!.count++;
          }
        } else if (r < 9) {
          const cons = g.consumer(name);
          if (cons !== undefined) {
            g.deleteConsumer(cons);
            for (const [k, v] of model) if (v.owner === name) model.delete(k);
          }
        } else g = g.clone();
        // Invariants.
        const items = g.pel.items;
        for (let i = 1; i < items.length; i++) expect(cmpId(items[i - 1].id, items[i].id)).toBeLessThan(0);
        expect(items.map((n) => `${idToString(n.id)}:${n.consumer!.name}:${n.deliveryCount}`)).toEqual(
          [...model.entries()].sort((x, y) => cmpId(parse(x[0]), parse(y[0]))).map(([k, v]) => `${k}:${v.owner}:${v.count}`),
        );
        let total = 0;
        for (const cons of g.consumers.values()) {
          const ci = cons.pel.items;
          total += ci.length;
          for (let i = 0; i < ci.length; i++) {
            expect(ci[i].consumer).toBe(cons);
            expect(g.pel.find(ci[i].id)).toBe(ci[i]);
            if (i > 0) expect(cmpId(ci[i - 1].id, ci[i].id)).toBeLessThan(0);
          }
        }
        expect(total).toBe(items.length);
      }
    }
  });

  it('lists consumers in byte order', () => {
    const g = new ConsumerGroup('g', ID_ZERO, 0);
    for (const n of ['b', 'a', 'B', '\xff', 'ab']) g.createConsumer(n, 0);
    expect(g.createConsumer('a', 0)).toBeUndefined();
    expect(g.sortedConsumers().map((c) => c.name)).toEqual(['B', 'a', 'ab', 'b', '\xff']);
  });
});

describe('entries-read and lag estimates (Redis 7.0 rules)', () => {
  const meta = (o: Partial<{ length: number; lastId: StreamId; firstId: StreamId; maxDeletedId: StreamId; entriesAdded: number }>) => ({
    length: 0,
    lastId: ID_ZERO,
    firstId: ID_ZERO,
    maxDeletedId: ID_ZERO,
    entriesAdded: 0,
    ...o,
  });

  it('estimates the distance of an ID from the first entry ever', () => {
    const s = meta({ length: 3, firstId: id(2), lastId: id(4), entriesAdded: 4 });
    expect(estimateDistance(meta({}), id(1))).toBe(0);
    expect(estimateDistance(s, id(4))).toBe(4);
    expect(estimateDistance(s, id(5))).toBe(INVALID_ENTRIES_READ);
    expect(estimateDistance(s, id(1))).toBe(1);
    expect(estimateDistance(s, id(2))).toBe(2);
    // In the middle: unknown.
    expect(estimateDistance(s, id(3))).toBe(INVALID_ENTRIES_READ);
    // A tombstone at or after the first entry makes the head unknown too.
    expect(estimateDistance({ ...s, maxDeletedId: id(3) }, id(1))).toBe(INVALID_ENTRIES_READ);
  });

  it('computes lag from a valid counter, or nil when unknown', () => {
    const s = meta({ length: 3, firstId: id(2), lastId: id(4), entriesAdded: 4 });
    const g = new ConsumerGroup('g', id(3), 3);
    expect(groupLag(s, g)).toBe(1);
    g.entriesRead = INVALID_ENTRIES_READ;
    expect(groupLag(s, g)).toBeNull();
    g.lastId = id(4);
    expect(groupLag(s, g)).toBe(0);
    // A tombstone after the group's last ID invalidates the counter.
    const g2 = new ConsumerGroup('g2', id(2), 2);
    expect(groupLag({ ...s, maxDeletedId: id(3) }, g2)).toBeNull();
    expect(groupLag(meta({}), g2)).toBe(0);
  });
});

function parse(s: string): StreamId {
  const [a, b] = s.split('-').map(Number);
  return id(a, b);
}
