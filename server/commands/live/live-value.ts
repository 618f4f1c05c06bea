/**
 * Live pushes as values: built once per push, kept in the subscription's replay ring, and written
 * through the client's Reply (so RESP3 gets a push of a map, and the WebSocket gateway's writer
 * turns the same calls into JSON). Keeping the value rather than encoded bytes lets one ring serve
 * whatever transport the subscription is resumed on.
 */
import type { Reply } from '../../engine/reply.ts';

/** A double in a push (RESP3 ","); plain numbers are integers. */
export class Dbl {
  constructor(readonly v: number) {}
}

/** string = bulk, number = integer, boolean, Dbl = double, array, plain object = map. */
export type PushValue = string | number | boolean | Dbl | PushValue[] | PushMap;
export interface PushMap {
  [field: string]: PushValue;
}

export function writeValue(r: Reply, v: PushValue): void {
  switch (typeof v) {
    case 'string':
      r.bulk(v);
      return;
    case 'number':
      r.integer(v);
      return;
    case 'boolean':
      r.bool(v);
      return;
  }
  if (v instanceof Dbl) {
    r.double(v.v);
    return;
  }
  if (Array.isArray(v)) {
    r.array(v.length);
    for (let i = 0; i < v.length; i++) writeValue(r, v[i]);
    return;
  }
  const keys = Object.keys(v);
  r.map(keys.length);
  for (const k of keys) {
    r.bulk(k);
    writeValue(r, v[k]);
  }
}

/** Writes a live push: RESP3 `>2 $4 live %{...}`. */
export function writePush(r: Reply, body: PushMap): void {
  r.push(2);
  r.bulk('live');
  writeValue(r, body);
}

/** About the bytes a value takes encoded (for the replay ring's byte bound). */
export function sizeOf(v: PushValue): number {
  switch (typeof v) {
    case 'string':
      return v.length + 8;
    case 'number':
      return 12;
    case 'boolean':
      return 4;
  }
  if (v instanceof Dbl) return 24;
  let n = 8;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) n += sizeOf(v[i]);
    return n;
  }
  for (const k of Object.keys(v)) n += k.length + 8 + sizeOf(v[k]);
  return n;
}
