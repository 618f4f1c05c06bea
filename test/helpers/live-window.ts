/**
 * Comparing a client-side LiveView's window with what the server's sorted set holds.
 */
import type { LiveView } from '../../shared/live.ts';

/** A ZRANGE/ZREVRANGE ... WITHSCORES reply (member, score, ...) as [member, score] pairs. */
export function pairs(flat: string[]): [string, number][] {
  const out: [string, number][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], Number(flat[i + 1])]);
  return out;
}

/** The view's window as [member, score] pairs, in window order. */
export const windowOf = (v: LiveView) => v.window.map((e) => [e.member, e.score] as [string, number]);
