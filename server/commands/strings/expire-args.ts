/** Expire-time arguments shared by SET, GETEX and the EXPIRE family. */
import { parseInt64 } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';

const LLONG_MAX = 9223372036854775807n;

/**
 * getExpireMillisecondsOrReply: an EX/PX/EXAT/PXAT value to an absolute unix ms time.
 * `relative` adds the command's time; `seconds` scales by 1000. Errors as Redis 7.0.
 */
export function expireTimeArg(cmdName: string, s: string, seconds: boolean, relative: boolean, now: number): number {
  const v = parseInt64(s);
  if (v === null) fail(Err.notInteger);
  if (v <= 0n || (seconds && v > LLONG_MAX / 1000n)) fail(Err.invalidExpire(cmdName));
  let ms = seconds ? v * 1000n : v;
  if (relative) ms += BigInt(now);
  if (ms <= 0n || ms > LLONG_MAX) fail(Err.invalidExpire(cmdName));
  return Number(ms);
}
