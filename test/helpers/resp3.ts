/**
 * RESP3 replies as plain JS for assertions: maps as objects, integers and doubles as numbers,
 * booleans, null, errors as { error }.
 */
import type { RNode } from './redis-ref.ts';

export function resp3Js(n: RNode): unknown {
  switch (n.t) {
    case '%': {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n.items!.length; i += 2) o[String(resp3Js(n.items![i]))] = resp3Js(n.items![i + 1]);
      return o;
    }
    case '*':
    case '>':
    case '~':
      return n.items === null ? null : n.items.map(resp3Js);
    case ':':
      return Number(n.v);
    case ',':
      return n.v === 'inf' ? Infinity : n.v === '-inf' ? -Infinity : Number(n.v);
    case '#':
      return n.v === 't';
    case '_':
      return null;
    case '-':
      return { error: n.v };
    default:
      return n.v;
  }
}
