/**
 * OBJECT: how a key's value is stored (ENCODING), its idle time and access frequency, its
 * reference count. Strings are encoded as Redis encodes them (int / embstr / raw, see Entry.enc);
 * other types report their own `encoding()`.
 */
import type { CommandDef } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import type { Entry } from '../../store/keyspace.ts';
import { parseInt64 } from '../shared/args.ts';
import { Err, fail } from '../../engine/errors.ts';
import { peekRead } from './keys-lookup.ts';
import { lfuDecrAndReturn } from '../../store/memory-lfu.ts';

const sub = { flags: ['readonly'], keys: [2, 2, 1], keySpecFlags: ['RO'], tips: ['nondeterministic_output'], group: 'generic', complexity: 'O(1)' } as const;

export const objectCommand: CommandDef = {
  name: 'object', arity: -2, flags: [], 
  // In the order Redis lists them.
  subcommands: [
    { ...sub, name: 'freq', arity: 3, run: objectFreqCommand },
    { ...sub, name: 'encoding', arity: 3, run: objectEncodingCommand },
    { ...sub, name: 'idletime', arity: 3, run: objectIdletimeCommand },
    { name: 'help', arity: 2, flags: ['loading', 'stale'], run: objectHelpCommand },
    { ...sub, name: 'refcount', arity: 3, run: objectRefcountCommand },
  ],
};

/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT */
const EMBSTR_LIMIT = 44;
/** OBJ_SHARED_INTEGERS: SET stores 0..9999 as one shared object (refcount INT_MAX). */
const SHARED_INTEGERS = 10000;
const SHARED_REFCOUNT = 2147483647;

/** Redis's tryObjectEncoding result for a string entry. */
export function stringEncoding(e: Entry): 'int' | 'embstr' | 'raw' {
  const v: string = e.value;
  if (e.enc === 'raw') return 'raw';
  if (e.enc !== 'noint' && v.length <= 20 && parseInt64(v) !== null) return 'int';
  return v.length <= EMBSTR_LIMIT ? 'embstr' : 'raw';
}

export function encodingOf(e: Entry): string {
  return e.type === 'string' ? stringEncoding(e) : e.value.encoding();
}

function configValue(c: Client, name: string, fallback: string): string {
  return c.engine.config.def(name) !== undefined ? c.engine.config.get(name) : fallback;
}

function lfuPolicy(c: Client): boolean {
  return configValue(c, 'maxmemory-policy', 'noeviction').endsWith('-lfu');
}

/** objectCommandLookup: counts a hit or a miss, does not touch the key, no keymiss event. */
function lookup(c: Client, key: string): Entry | undefined {
  const e = peekRead(c, key, false);
  if (e === undefined) c.reply.null();
  return e;
}

function objectEncodingCommand(c: Client, args: string[]): void {
  const e = lookup(c, args[2]);
  if (e !== undefined) c.reply.bulk(encodingOf(e));
}

function objectFreqCommand(c: Client, args: string[]): void {
  const e = lookup(c, args[2]);
  if (e === undefined) return;
  if (!lfuPolicy(c)) fail(Err.lfuNotSelected);
  // The counter as of now, decayed by lfu-decay-time (the key's accesses update it, memory-lfu.ts).
  const decay = Number(configValue(c, 'lfu-decay-time', '1'));
  c.reply.integer(lfuDecrAndReturn(e, c.engine.keyspace.now, decay));
}

function objectIdletimeCommand(c: Client, args: string[]): void {
  const e = lookup(c, args[2]);
  if (e === undefined) return;
  if (lfuPolicy(c)) fail(Err.lfuSelected);
  c.reply.integer(Math.max(0, Math.floor((c.engine.keyspace.now - e.access) / 1000)));
}

function objectRefcountCommand(c: Client, args: string[]): void {
  const e = lookup(c, args[2]);
  if (e === undefined) return;
  c.reply.integer(isSharedInteger(c, e) ? SHARED_REFCOUNT : 1);
}

/** SET stores small non-negative integers as shared objects, unless an LRU/LFU policy needs per-key clocks. */
function isSharedInteger(c: Client, e: Entry): boolean {
  if (e.type !== 'string' || e.enc !== undefined || stringEncoding(e) !== 'int') return false;
  const v = Number(e.value);
  if (v < 0 || v >= SHARED_INTEGERS) return false;
  const policy = configValue(c, 'maxmemory-policy', 'noeviction');
  return c.engine.config.int('maxmemory') === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
}

const HELP = [
  'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
  'HELP',
  '    Prints this help.',
];

function objectHelpCommand(c: Client): void {
  c.reply.array(HELP.length);
  for (const line of HELP) c.reply.simple(line);
}
