/**
 * A hash value (HSET, HGETALL, ...): field → value in a SlotMap (O(1) lookups, uniform random
 * fields for HRANDFIELD, HSCAN cursors that survive resizing), plus the encoding Redis would report.
 *
 * Redis 7.0 keeps a hash as a "listpack" until it holds more than hash-max-listpack-entries fields or
 * a field or value longer than hash-max-listpack-value bytes is written; then it becomes a
 * "hashtable" for good (deleting fields never converts back). The check runs on every write, updates
 * included (hashTypeSet), so lowering the thresholds converts a hash on its next write.
 *
 * Iteration is insertion order (updating a field keeps its place, a re-added field goes last), which
 * is exactly a listpack's order; for a hashtable Redis's order is its hash order, i.e. unspecified.
 */
import { SlotMap, type RandomSource } from './slot-map.ts';

export class HashValue {
  /** Fields and values. Read it freely; change it only through set/delete so the encoding stays right. */
  readonly map = new SlotMap<string>();
  private listpack = true;

  get size(): number {
    return this.map.size;
  }

  get isListpack(): boolean {
    return this.listpack;
  }

  encoding(): string {
    return this.listpack ? 'listpack' : 'hashtable';
  }

  get(field: string): string | undefined {
    return this.map.get(field);
  }

  has(field: string): boolean {
    return this.map.has(field);
  }

  /**
   * hashTypeSet: sets `field` to `value`, converting to a hashtable when either is longer than
   * `maxValue` bytes or the hash then has more than `maxEntries` fields. True when the field is new.
   */
  set(field: string, value: string, maxEntries: number, maxValue: number): boolean {
    const created = this.map.set(field, value);
    if (this.listpack && (field.length > maxValue || value.length > maxValue || this.map.size > maxEntries)) {
      this.listpack = false;
    }
    return created;
  }

  delete(field: string): boolean {
    return this.map.delete(field);
  }

  /** A uniformly random field (undefined when empty). */
  randomField(rand: RandomSource): string | undefined {
    return this.map.randomKey(rand);
  }

  clone(): HashValue {
    const c = new HashValue();
    c.listpack = this.listpack;
    this.map.forEach((v, k) => {
      c.map.set(k, v);
    });
    return c;
  }
}
