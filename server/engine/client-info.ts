/**
 * One client as CLIENT LIST / CLIENT INFO print it: Redis 7.0's exact field list and order
 * (tools split on spaces and '='). Memory fields are Podium's own buffers where it has them.
 */
import type { Client } from './client.ts';

export type ClientType = 'normal' | 'slave' | 'pubsub' | 'master';

/** getClientTypeByName: the names CLIENT LIST TYPE and CLIENT KILL TYPE accept. */
export function clientTypeByName(name: string): ClientType | null {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'slave':
    case 'replica':
      return 'slave';
    case 'pubsub':
      return 'pubsub';
    case 'master':
      return 'master';
    default:
      return null;
  }
}

/** getClientType: a MONITOR client counts as normal, as in Redis. */
export function clientType(c: Client): ClientType {
  const kind = c.link.kind;
  if (kind === 'master') return 'master';
  if (kind === 'replica' && !c.monitor) return 'slave';
  if (c.subscriptions > 0) return 'pubsub';
  return 'normal';
}

function clientFlags(c: Client): string {
  let f = '';
  const kind = c.link.kind;
  if (c.monitor) f += 'O';
  else if (kind === 'replica') f += 'S';
  if (kind === 'master') f += 'M';
  if (c.subscriptions > 0) f += 'P';
  if (c.multi !== null) f += 'x';
  if (c.blocked !== null) f += 'b';
  if (c.watchDirty) f += 'd';
  if (c.closing) f += 'c';
  if (kind === 'unix') f += 'U';
  if (c.noEvict) f += 'e';
  return f === '' ? 'N' : f;
}

function argvBytes(argv: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < argv.length; i++) n += argv[i].length;
  return n;
}

/** sub= psub= ssub=: exact channels, patterns, shard channels. */
function pubsubFields(cl: Client): string {
  const ps = cl.subscriptions > 0 ? cl.engine.broker.of(cl) : null;
  return ps === null ? 'sub=0 psub=0 ssub=0' : `sub=${ps.channels.size} psub=${ps.patterns.size} ssub=${ps.shard.size}`;
}

/** Podium's reply writer grows in chunks of this size (what Redis calls the reply buffer size). */
const REPLY_BUFFER_SIZE = 16 * 1024;

/**
 * The CLIENT LIST line of `cl`. `caller`/`callerArgs` identify the client running the command: its
 * argv-mem is the size of that command's arguments (others are between commands).
 */
export function clientInfoLine(cl: Client, caller: Client, callerArgs: readonly string[]): string {
  const now = cl.engine.clock.now();
  const sec = Math.floor(now / 1000);
  const link = cl.link;
  const qbuf = link.inputBytes();
  // obl: replies built but not yet handed to the socket; omem: bytes the socket still holds.
  const out = link.outputBytes();
  const obl = Math.min(out, (cl.writer as { pending?: number }).pending ?? 0);
  const omem = out - obl;
  const argvMem = cl === caller ? argvBytes(callerArgs) : 0;
  let multiMem = 0;
  if (cl.multi !== null) for (const q of cl.multi.queue) multiMem += argvBytes(q.argv);
  const totMem = REPLY_BUFFER_SIZE + qbuf + argvMem + multiMem + obl + omem;
  const events = omem > 0 ? 'rw' : 'r';
  return (
    `id=${cl.id} addr=${link.addr} laddr=${link.laddr} fd=${link.fd} name=${cl.name}` +
    ` age=${sec - Math.floor(cl.createdAt / 1000)} idle=${sec - Math.floor(cl.lastInteraction / 1000)}` +
    ` flags=${clientFlags(cl)} db=${cl.db.id} ${pubsubFields(cl)}` +
    ` multi=${cl.multi === null ? -1 : cl.multi.queue.length} qbuf=${qbuf} qbuf-free=0 argv-mem=${argvMem}` +
    ` multi-mem=${multiMem} rbs=${REPLY_BUFFER_SIZE} rbp=${REPLY_BUFFER_SIZE} obl=${obl} oll=${omem > 0 ? 1 : 0} omem=${omem}` +
    ` tot-mem=${totMem} events=${events} cmd=${cl.lastCmd} user=${cl.user} redir=-1 resp=${cl.resp}`
  );
}
