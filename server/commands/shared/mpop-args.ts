/**
 * The argument form LMPOP/BLMPOP and ZMPOP/BZMPOP share: `[timeout] numkeys key... <where> [COUNT n]`,
 * parsed in Redis's order (numkeys, then the side word, then COUNT, then the timeout).
 */
import { parseIntNumber } from './args.ts';
import { timeoutArg } from './timeout-arg.ts';
import { Err, fail } from '../../engine/errors.ts';

export interface MpopArgs {
  /** Index of the first key and one past the last. */
  first: number;
  end: number;
  /** The side word matched the first of the two choices (LEFT, MIN). */
  firstSide: boolean;
  count: number;
  /** Absolute ms for the blocking forms (0 = forever); 0 for the plain forms. */
  timeoutAt: number;
}

/** A positive integer, else `err` (also for non-numbers). */
export function positiveArg(s: string, err: string): number {
  const v = parseIntNumber(s);
  if (v === null || v < 1) fail(err);
  return v;
}

export function parseMpopArgs(args: string[], blocking: boolean, sides: readonly [string, string], now: number): MpopArgs {
  const numkeysIdx = blocking ? 2 : 1;
  const numkeys = positiveArg(args[numkeysIdx], Err.numkeysPositive);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= args.length) fail(Err.syntax);
  const where = args[whereIdx].toUpperCase();
  if (where !== sides[0] && where !== sides[1]) fail(Err.syntax);
  let count = -1;
  for (let j = whereIdx + 1; j < args.length; j++) {
    if (count === -1 && args[j].toUpperCase() === 'COUNT' && j < args.length - 1) {
      count = positiveArg(args[++j], Err.countGreaterThanZero);
    } else fail(Err.syntax);
  }
  if (count === -1) count = 1;
  const timeoutAt = blocking ? timeoutArg(now, args[1]) : 0;
  return { first: numkeysIdx + 1, end: whereIdx, firstSide: where === sides[0], count, timeoutAt };
}
