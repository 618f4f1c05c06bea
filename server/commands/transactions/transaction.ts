/**
 * Transactions: MULTI queues (in dispatch), EXEC runs the queue atomically through the same call()
 * path as any command, WATCH aborts EXEC when a watched key changed (writes, expiry, FLUSH*, SWAPDB).
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import { Err, fail } from '../../engine/errors.ts';
import { call } from '../../engine/dispatch.ts';

export const transactionCommands: CommandDef[] = [
  { name: 'multi', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], run: multiCommand },
  { name: 'exec', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'], run: execCommand },
  { name: 'discard', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], run: discardCommand },
  { name: 'watch', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], keys: [1, -1, 1], run: watchCommand },
  { name: 'unwatch', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], run: unwatchCommand },
];

function multiCommand(c: Client): void {
  if (c.multi !== null) fail(Err.nestedMulti);
  c.multi = { queue: [], failed: false };
  c.reply.simple('OK');
}

function discardCommand(c: Client): void {
  if (c.multi === null) fail(Err.discardWithoutMulti);
  c.multi = null;
  c.engine.unwatchAll(c);
  c.reply.simple('OK');
}

/** True when a watched key changed or expired since WATCH. */
function watchedKeysChanged(c: Client): boolean {
  if (c.watchDirty) return true;
  for (const w of c.watched ?? []) {
    if (!w.expiredAtWatch && c.engine.keyspace.dbs[w.db].isLogicallyExpired(w.key)) return true;
  }
  return false;
}

function execCommand(c: Client): void {
  const m = c.multi;
  if (m === null) fail(Err.execWithoutMulti);
  c.multi = null;
  const e = c.engine;
  if (m.failed) {
    e.unwatchAll(c);
    fail(Err.execAbort);
  }
  if (watchedKeysChanged(c)) {
    e.unwatchAll(c);
    c.reply.nullArray();
    return;
  }
  e.unwatchAll(c);
  c.reply.array(m.queue.length);
  c.inExec = true;
  e.execDepth++;
  try {
    for (const { cmd, argv } of m.queue) call(e, c, cmd, argv);
  } finally {
    c.inExec = false;
    e.execDepth--;
  }
  // EXEC itself is not propagated: the commands it ran are, wrapped in MULTI/EXEC by dispatch.
}

function watchCommand(c: Client, args: string[]): void {
  if (c.multi !== null) fail(Err.watchInMulti);
  const e = c.engine;
  const dbId = c.db.id;
  if (c.watched === null) c.watched = [];
  for (let i = 1; i < args.length; i++) {
    const key = args[i];
    if (c.watched.some((w) => w.db === dbId && w.key === key)) continue;
    c.watched.push({ db: dbId, key, expiredAtWatch: c.db.isLogicallyExpired(key) });
    let m = e.watchers.get(dbId);
    if (m === undefined) e.watchers.set(dbId, (m = new Map()));
    let set = m.get(key);
    if (set === undefined) m.set(key, (set = new Set()));
    set.add(c);
  }
  c.reply.simple('OK');
}

function unwatchCommand(c: Client): void {
  c.engine.unwatchAll(c);
  c.reply.simple('OK');
}
