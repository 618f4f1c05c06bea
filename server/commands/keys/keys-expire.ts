/**
 * Time to live: EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT (with 7.0's NX XX GT LT), TTL / PTTL,
 * EXPIRETIME / PEXPIRETIME, PERSIST.
 *
 * Times are int64 milliseconds, checked for overflow with BigInt as Redis checks them. An expiry
 * already in the past deletes the key at once (propagated as DEL); any other is propagated as
 * PEXPIREAT with the absolute time, so replicas and the AOF agree whatever their clocks.
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { int64Arg } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { peekRead } from './keys-lookup.ts';

const setter = { arity: -3, flags: ['write', 'fast'], keys: [1, 1, 1], group: 'generic', complexity: 'O(1)', history: [['7.0.0', 'Added options: `NX`, `XX`, `GT` and `LT`.']] } as const;
const getter = { arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], group: 'generic', complexity: 'O(1)' } as const;
const ttlDocs = { tips: ['nondeterministic_output'], history: [['2.8.0', 'Added the -2 reply.']] } as const;

export const expireCommands: CommandDef[] = [
  { ...setter, name: 'expire', since: '1.0.0', summary: "Set a key's time to live in seconds", run: (c, a) => expireGeneric(c, a, true, true) },
  { ...setter, name: 'pexpire', since: '2.6.0', summary: "Set a key's time to live in milliseconds", run: (c, a) => expireGeneric(c, a, false, true) },
  { ...setter, name: 'expireat', since: '1.2.0', summary: 'Set the expiration for a key as a UNIX timestamp', run: (c, a) => expireGeneric(c, a, true, false) },
  { ...setter, name: 'pexpireat', since: '2.6.0', summary: 'Set the expiration for a key as a UNIX timestamp specified in milliseconds', run: (c, a) => expireGeneric(c, a, false, false) },
  { ...getter, ...ttlDocs, name: 'ttl', since: '1.0.0', summary: 'Get the time to live for a key in seconds', run: (c, a) => ttlGeneric(c, a[1], false, false) },
  { ...getter, ...ttlDocs, name: 'pttl', since: '2.6.0', summary: 'Get the time to live for a key in milliseconds', run: (c, a) => ttlGeneric(c, a[1], true, false) },
  { ...getter, name: 'expiretime', since: '7.0.0', summary: 'Get the expiration Unix timestamp for a key', run: (c, a) => ttlGeneric(c, a[1], false, true) },
  { ...getter, name: 'pexpiretime', since: '7.0.0', summary: 'Get the expiration Unix timestamp for a key in milliseconds', run: (c, a) => ttlGeneric(c, a[1], true, true) },
  { name: 'persist', arity: 2, flags: ['write', 'fast'], keys: [1, 1, 1], run: persistCommand },
];

const LLONG_MAX = 9223372036854775807n;
const LLONG_MIN = -9223372036854775808n;

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

/** parseExtendedExpireArgumentsOrReply */
function expireFlags(args: string[]): number {
  let flags = 0;
  for (let j = 3; j < args.length; j++) {
    const opt = args[j].toLowerCase();
    if (opt === 'nx') flags |= EXPIRE_NX;
    else if (opt === 'xx') flags |= EXPIRE_XX;
    else if (opt === 'gt') flags |= EXPIRE_GT;
    else if (opt === 'lt') flags |= EXPIRE_LT;
    else fail(Err.unsupportedOption(args[j]));
  }
  if ((flags & EXPIRE_NX) !== 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) !== 0) fail(Err.expireNxIncompatible);
  if ((flags & EXPIRE_GT) !== 0 && (flags & EXPIRE_LT) !== 0) fail(Err.expireGtLtIncompatible);
  return flags;
}

function expireGeneric(c: Client, args: string[], seconds: boolean, relative: boolean): void {
  const name = args[0].toLowerCase();
  const key = args[1];
  const flags = expireFlags(args);
  const now = c.engine.keyspace.now;
  let when = int64Arg(args[2]);
  // Negative times are allowed (they delete the key); only overflow is an error.
  if (seconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) fail(Err.invalidExpire(name));
    when *= 1000n;
  }
  const base = relative ? BigInt(now) : 0n;
  if (when > LLONG_MAX - base) fail(Err.invalidExpire(name));
  when += base;

  const db = c.db;
  const e = db.get(key);
  if (e === undefined) {
    c.reply.integer(0);
    return;
  }
  if (flags !== 0) {
    const current = e.expireAt === 0 ? -1n : BigInt(e.expireAt);
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    if (
      ((flags & EXPIRE_NX) !== 0 && current !== -1n) ||
      ((flags & EXPIRE_XX) !== 0 && current === -1n) ||
      ((flags & EXPIRE_GT) !== 0 && (current === -1n || when <= current)) ||
      ((flags & EXPIRE_LT) !== 0 && current !== -1n && when >= current)
    ) {
      c.reply.integer(0);
      return;
    }
  }

  const ks = c.engine.keyspace;
  if (when <= BigInt(now) && ks.expireEnabled) {
    // checkAlreadyExpired: not while loading or on a replica, which wait for the primary's DEL.
    db.delete(key);
    c.engine.modified(db, key, 'g', 'del');
    c.engine.rewriteAs([lazyExpire(c) ? 'UNLINK' : 'DEL', key]);
    c.reply.integer(1);
    return;
  }
  // expireAt 0 means "no TTL": an expiry at or before the epoch (replica, loading) is kept as 1 ms.
  db.setExpire(key, e, when > 0n ? Number(when) : 1);
  c.engine.modified(db, key, 'g', 'expire');
  if (name !== 'pexpireat') {
    const out = args.slice();
    out[0] = 'PEXPIREAT';
    out[2] = when.toString();
    c.engine.rewriteAs(out);
  }
  c.reply.integer(1);
}

/** lazyfree-lazy-expire: Redis then propagates an immediate expiry as UNLINK. */
function lazyExpire(c: Client): boolean {
  const config = c.engine.config;
  return config.def('lazyfree-lazy-expire') !== undefined && config.get('lazyfree-lazy-expire') === 'yes';
}

/** TTL / PTTL / EXPIRETIME / PEXPIRETIME: -2 no key, -1 no TTL. Seconds are rounded, as Redis. */
function ttlGeneric(c: Client, key: string, ms: boolean, absolute: boolean): void {
  const e = peekRead(c, key);
  if (e === undefined) {
    c.reply.integer(-2);
    return;
  }
  if (e.expireAt === 0) {
    c.reply.integer(-1);
    return;
  }
  let t = absolute ? e.expireAt : e.expireAt - c.engine.keyspace.now;
  if (t < 0) t = 0;
  replyInt64(c, ms ? t : Math.floor((t + 500) / 1000));
}

/** Times past 2^53 ms are kept as doubles: reply them as the nearest int64. */
function replyInt64(c: Client, n: number): void {
  if (Number.isSafeInteger(n)) c.reply.integer(n);
  else {
    const b = BigInt(Math.trunc(n));
    c.reply.integer(b > LLONG_MAX ? LLONG_MAX : b < LLONG_MIN ? LLONG_MIN : b);
  }
}

function persistCommand(c: Client, args: string[]): void {
  const key = args[1];
  const e = c.db.get(key);
  if (e === undefined || e.expireAt === 0) {
    c.reply.integer(0);
    return;
  }
  c.db.setExpire(key, e, 0);
  c.engine.modified(c.db, key, 'g', 'persist');
  c.reply.integer(1);
}
