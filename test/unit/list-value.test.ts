import { describe, expect, it } from 'vitest';
import { ListValue } from '../../server/store/list-value.ts';
import { seededRandom } from '../../server/lib/random.ts';

/** Naive model: a plain array with the same operations. */
function removeValueModel(a: string[], v: string, count: number, fromTail: boolean): number {
  let removed = 0;
  if (fromTail) {
    for (let i = a.length - 1; i >= 0; i--) {
      if (a[i] === v && (count === 0 || removed < count)) {
        a.splice(i, 1);
        removed++;
      }
    }
  } else {
    for (let i = 0; i < a.length; ) {
      if (a[i] === v && (count === 0 || removed < count)) {
        a.splice(i, 1);
        removed++;
      } else i++;
    }
  }
  return removed;
}

function runRandom(seed: number, steps: number, alphabet: number, pushBias: number): void {
  const rnd = seededRandom(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const val = () => String.fromCharCode(97 + int(alphabet)) + (rnd() < 0.1 ? '\x00\xff' : '');
  const list = new ListValue();
  const model: string[] = [];
  let clone: ListValue | null = null;
  let cloneModel: string[] = [];
  for (let step = 0; step < steps; step++) {
    const op = int(16);
    const n = model.length;
    switch (op) {
      case 0:
      case 1: {
        const v = val();
        if (rnd() < pushBias) {
          list.pushHead(v);
          model.unshift(v);
        } else {
          list.pushTail(v);
          model.push(v);
        }
        break;
      }
      case 2:
        expect(list.popHead()).toBe(model.shift());
        break;
      case 3:
        expect(list.popTail()).toBe(model.pop());
        break;
      case 4:
        if (n > 0) {
          const i = int(n);
          expect(list.get(i)).toBe(model[i]);
          const v = val();
          list.set(i, v);
          model[i] = v;
        }
        break;
      case 5: {
        const i = int(n + 1);
        const v = val();
        list.insertAt(i, v);
        model.splice(i, 0, v);
        break;
      }
      case 6:
        if (n > 0) {
          const i = int(n);
          list.removeAt(i);
          model.splice(i, 1);
        }
        break;
      case 7: {
        const v = val();
        const count = int(4);
        const fromTail = rnd() < 0.5;
        expect(list.removeValue(v, count, fromTail)).toBe(removeValueModel(model, v, count, fromTail));
        break;
      }
      case 8: {
        const k = int(n + 1);
        list.removeHead(k);
        model.splice(0, k);
        break;
      }
      case 9: {
        const k = int(Math.min(n, 5) + 1);
        list.removeTail(k);
        model.splice(n - k, k);
        break;
      }
      case 10: {
        if (rnd() < 0.7) break; // trims shrink fast; keep them rarer
        const start = int(n + 1);
        const count = int(n - start + 1);
        list.keepRange(start, count);
        model.splice(0, start);
        model.splice(count);
        break;
      }
      case 11: {
        const start = int(n + 2);
        const count = int(n + 3);
        expect(list.slice(start, count)).toEqual(model.slice(start, start + count));
        break;
      }
      case 12: {
        const v = val();
        expect(list.indexOf(v)).toBe(model.indexOf(v));
        break;
      }
      case 13:
        clone = list.clone();
        cloneModel = [...model];
        break;
      case 14:
        // Bursts of pushes so the ring grows past several doublings.
        for (let k = int(40); k > 0; k--) {
          const v = val();
          if (rnd() < 0.5) {
            list.pushHead(v);
            model.unshift(v);
          } else {
            list.pushTail(v);
            model.push(v);
          }
        }
        break;
      case 15:
        // Bursts of pops so the ring shrinks.
        for (let k = int(40); k > 0; k--) {
          if (rnd() < 0.5) expect(list.popHead()).toBe(model.shift());
          else expect(list.popTail()).toBe(model.pop());
        }
        break;
    }
    expect(list.length).toBe(model.length);
    expect(list.capacity).toBeGreaterThanOrEqual(model.length);
    if (step % 7 === 0) expect(list.toArray()).toEqual(model);
    if (clone !== null && step % 11 === 0) expect(clone.toArray()).toEqual(cloneModel);
  }
  expect([...list]).toEqual(model);
}

describe('ListValue against an array model', () => {
  for (const seed of [1, 2, 3, 42, 1234]) {
    it(`random operations, seed ${seed}`, () => {
      runRandom(seed, 4000, 4, 0.5);
    });
  }
  it('random operations with mostly head pushes and a wide alphabet', () => {
    runRandom(99, 4000, 20, 0.9);
  });
});

describe('ListValue specifics', () => {
  it('reports quicklist as Redis 7.0 does', () => {
    expect(new ListValue().encoding()).toBe('quicklist');
    expect(ListValue.from(['a']).encoding()).toBe('quicklist');
  });

  it('grows by doubling and shrinks back after draining', () => {
    const l = new ListValue();
    for (let i = 0; i < 10000; i++) l.pushTail(String(i));
    expect(l.capacity).toBe(16384);
    for (let i = 0; i < 9990; i++) expect(l.popHead()).toBe(String(i));
    expect(l.toArray()).toEqual(['9990', '9991', '9992', '9993', '9994', '9995', '9996', '9997', '9998', '9999']);
    expect(l.capacity).toBeLessThanOrEqual(64);
  });

  it('keeps order across the wrap point of the ring', () => {
    const l = new ListValue();
    // Head pushes wrap the head index below zero at once.
    for (let i = 0; i < 5; i++) l.pushHead(`h${i}`);
    for (let i = 0; i < 3; i++) l.pushTail(`t${i}`);
    expect(l.toArray()).toEqual(['h4', 'h3', 'h2', 'h1', 'h0', 't0', 't1', 't2']);
    l.insertAt(6, 'x');
    expect(l.toArray()).toEqual(['h4', 'h3', 'h2', 'h1', 'h0', 't0', 'x', 't1', 't2']);
    l.removeAt(1);
    expect(l.toArray()).toEqual(['h4', 'h2', 'h1', 'h0', 't0', 'x', 't1', 't2']);
  });

  it('clone is independent of the original', () => {
    const a = ListValue.from(['1', '2', '3']);
    const b = a.clone();
    a.pushTail('4');
    b.set(0, 'z');
    expect(a.toArray()).toEqual(['1', '2', '3', '4']);
    expect(b.toArray()).toEqual(['z', '2', '3']);
  });

  it('drops references to removed elements', () => {
    const l = ListValue.from(['a', 'b', 'c', 'd']);
    l.popHead();
    l.popTail();
    l.removeValue('b', 0, false);
    // Peek at the private ring: only the live element remains referenced.
    const buf = (l as unknown as { buf: (string | undefined)[] }).buf;
    expect(buf.filter((x) => x !== undefined)).toEqual(['c']);
  });
});
