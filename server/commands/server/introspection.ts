/**
 * COMMAND and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP), generated
 * from the command tables: nothing here is written per command. ACL categories are derived as Redis
 * derives them (the group's category plus the flag-implied ones), key specs from the table's
 * `keySpecs` or else from the legacy first/last/step positions, and the reply shapes (sets, maps,
 * nulls) are Redis 7.0's.
 */
import { FLAG_BITS, hasFlag, type Command, type CommandDef, type Flag, type Group, type KeySpec } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import type { Reply } from '../../engine/reply.ts';
import type { Engine } from '../../engine/engine.ts';
import { Err, fail } from '../../engine/errors.ts';
import { globMatch } from '../../lib/glob.ts';

const STALE: Flag[] = ['loading', 'stale'];

export const introspectionCommands: CommandDef[] = [
  {
    name: 'command',
    arity: -1,
    flags: STALE,
    run: (c) => replyAllInfo(c),
    subcommands: [
      { name: 'help', arity: 2, flags: STALE, run: commandHelpCommand },
      {
        name: 'info',
        arity: -2,
        flags: STALE,
        run: commandInfoCommand,
      },
      { name: 'count', arity: 2, flags: STALE, run: (c) => c.reply.integer(c.engine.registry.commands.size) },
      { name: 'getkeysandflags', arity: -4, flags: STALE, run: (c, a) => getKeysCommand(c, a, true) },
      { name: 'list', arity: -2, flags: STALE, run: commandListCommand },
      { name: 'docs', arity: -2, flags: STALE, run: commandDocsCommand },
      { name: 'getkeys', arity: -4, flags: STALE, run: (c, a) => getKeysCommand(c, a, false) },
    ],
  },
];

const COMMAND_HELP = [
  'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
  'HELP',
  '    Prints this help.',
];

function commandHelpCommand(c: Client): void {
  c.reply.array(COMMAND_HELP.length);
  for (const line of COMMAND_HELP) c.reply.simple(line);
}

// ---- derived metadata -------------------------------------------------------------------------

/** The flags COMMAND INFO shows, in Redis's order (may_replicate, sentinel, protected are hidden). */
const SHOWN_FLAGS: Flag[] = [
  'write',
  'readonly',
  'denyoom',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'asking',
  'fast',
  'no_auth',
  'no_mandatory_keys',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
];

export function commandFlags(cmd: Command): string[] {
  const out: string[] = [];
  for (const f of SHOWN_FLAGS) {
    if ((cmd.flags & FLAG_BITS[f]) !== 0 || (f === 'movablekeys' && hasMovableKeys(cmd))) out.push(f);
  }
  return out;
}

/** populateCommandMovableKeys: a getKeys function, or a spec that is not index + range. */
function hasMovableKeys(cmd: Command): boolean {
  if (cmd.def.getKeys) return true;
  return (cmd.def.keySpecs ?? []).some((k) => k.begin === 'unknown' || k.find === 'unknown' || !('index' in k.begin) || !('range' in k.find));
}

/** ACL categories in the order Redis lists them. */
export const ACL_CATEGORIES = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
] as const;

const GROUP_CATEGORY: Partial<Record<Group, string>> = {
  generic: 'keyspace',
  string: 'string',
  list: 'list',
  set: 'set',
  'sorted-set': 'sortedset',
  hash: 'hash',
  pubsub: 'pubsub',
  transactions: 'transaction',
  connection: 'connection',
  scripting: 'scripting',
  hyperloglog: 'hyperloglog',
  geo: 'geo',
  stream: 'stream',
  bitmap: 'bitmap',
};

/**
 * The command's ACL categories without the '@': the group's category (containers have none), the
 * table's extras, and those Redis implies from the flags (setImplicitACLCategories).
 */
export function commandCategories(cmd: Command): string[] {
  const def = cmd.def;
  const cats = new Set<string>(def.aclCategories ?? (def.subcommands || !GROUP_CATEGORY[def.group] ? [] : [GROUP_CATEGORY[def.group]!]));
  for (const a of def.acl ?? []) cats.add(a);
  if (hasFlag(cmd, 'write')) cats.add('write');
  if (hasFlag(cmd, 'readonly') && !cats.has('scripting')) cats.add('read');
  if (hasFlag(cmd, 'admin')) {
    cats.add('admin');
    cats.add('dangerous');
  }
  if (hasFlag(cmd, 'pubsub')) cats.add('pubsub');
  if (hasFlag(cmd, 'fast')) cats.add('fast');
  if (hasFlag(cmd, 'blocking')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  return ACL_CATEGORIES.filter((c) => cats.has(c));
}

/** The command's key specs: the table's own, or one range generated from the legacy positions. */
export function keySpecs(cmd: Command): readonly KeySpec[] {
  if (cmd.def.keySpecs) return cmd.def.keySpecs;
  if (cmd.firstKey <= 0) return [];
  const flags = cmd.def.keySpecFlags ?? (hasFlag(cmd, 'write') ? ['RW', 'update'] : ['RO', 'access']);
  const lastKey = cmd.lastKey >= 0 ? cmd.lastKey - cmd.firstKey : cmd.lastKey;
  return [{ flags, begin: { index: cmd.firstKey }, find: { range: [lastKey, cmd.keyStep, 0] } }];
}

export interface KeyRef {
  pos: number;
  flags: readonly string[];
}

const NUMKEYS_RE = /^(0|-?[1-9][0-9]*)$/;

/**
 * getKeysUsingKeySpecs: the key arguments of an invocation; null when the arguments cannot hold
 * them (a count past the end, a range ending before it starts).
 */
function keysFromSpecs(specs: readonly KeySpec[], argv: readonly string[]): KeyRef[] | null {
  const argc = argv.length;
  const out: KeyRef[] = [];
  for (const spec of specs) {
    if (spec.flags.includes('not_key')) continue;
    // An incomplete or unknown spec cannot be trusted to find every key: the caller falls back to getKeys.
    if (spec.begin === 'unknown' || spec.find === 'unknown' || spec.flags.includes('incomplete')) return null;
    let first = 0;
    if ('index' in spec.begin) first = spec.begin.index;
    else {
      const { keyword, startFrom } = spec.begin;
      const start = startFrom > 0 ? startFrom : argc + startFrom;
      const end = startFrom > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].toLowerCase() === keyword.toLowerCase()) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue; // keyword absent: this spec finds no keys
    }
    let last: number;
    let step: number;
    if ('range' in spec.find) {
      const [lastKey, keyStep, limit] = spec.find.range;
      step = keyStep;
      if (lastKey >= 0) last = first + lastKey;
      else if (limit === 0) last = argc + lastKey;
      else last = first + (Math.floor((argc - first) / limit) + lastKey);
    } else {
      const [keyNumIdx, firstKey, keyStep] = spec.find.keynum;
      if (keyNumIdx >= argc) return null;
      const s = argv[first + keyNumIdx];
      const numkeys = s !== undefined && NUMKEYS_RE.test(s) ? Number(s) : -1;
      if (numkeys < 0) return null;
      first += firstKey;
      last = first + numkeys - 1;
      step = keyStep;
    }
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step || 1) out.push({ pos: i, flags: spec.flags });
  }
  return out;
}

/**
 * getKeysFromCommandWithSpecs: the specs when their flags are exact, else (or when they fail) the
 * command's getKeys. Null when the arguments are invalid.
 */
export function commandKeyRefs(cmd: Command, argv: readonly string[]): KeyRef[] | null {
  const specs = keySpecs(cmd);
  const getKeys = cmd.def.getKeys;
  if (specs.length > 0 && (getKeys === undefined || !specs.some((k) => k.flags.includes('variable_flags')))) {
    const refs = keysFromSpecs(specs, argv);
    if (refs !== null || getKeys === undefined) return refs;
  }
  if (getKeys === undefined) return [];
  const flags = specs[0]?.flags ?? [];
  return getKeys(argv)?.map((k) => (typeof k === 'number' ? { pos: k, flags } : k)) ?? null;
}

/** COMMAND INFO's names: "get", "config|get" (any case); null when unknown. */
export function lookupByFullName(e: Engine, name: string): Command | null {
  const parts = name.split('|');
  if (parts.length > 2) return null;
  const base = e.registry.lookup(parts[0]);
  if (base === undefined) return null;
  if (parts.length === 1) return base;
  return base.subcommands?.get(parts[1].toLowerCase()) ?? null;
}

// ---- COMMAND / COMMAND INFO -------------------------------------------------------------------

/** One COMMAND INFO entry (null for an unknown name). */
export function writeCommandInfo(r: Reply, cmd: Command | null): void {
  if (cmd === null) {
    r.null();
    return;
  }
  r.array(10);
  r.bulk(cmd.fullName);
  r.integer(cmd.arity);
  const flags = commandFlags(cmd);
  r.set(flags.length);
  for (const f of flags) r.simple(f);
  r.integer(cmd.firstKey);
  r.integer(cmd.lastKey);
  r.integer(cmd.keyStep);
  const cats = commandCategories(cmd);
  r.set(cats.length);
  for (const cat of cats) r.simple('@' + cat);
  const tips = cmd.def.tips ?? [];
  r.set(tips.length);
  for (const t of tips) r.bulk(t);
  writeKeySpecs(r, cmd);
  // Redis answers an empty set when there are no subcommands, an array otherwise.
  if (cmd.subcommands === null) r.set(0);
  else {
    r.array(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) writeCommandInfo(r, sub);
  }
}

function writeKeySpecs(r: Reply, cmd: Command): void {
  const specs = keySpecs(cmd);
  r.set(specs.length);
  for (const spec of specs) {
    r.map(spec.notes ? 4 : 3);
    if (spec.notes) {
      r.bulk('notes');
      r.bulk(spec.notes);
    }
    r.bulk('flags');
    r.set(spec.flags.length);
    for (const f of spec.flags) r.simple(f);
    r.bulk('begin_search');
    r.map(2);
    r.bulk('type');
    if (spec.begin === 'unknown') {
      r.bulk('unknown');
      r.bulk('spec');
      r.map(0);
    } else if ('index' in spec.begin) {
      r.bulk('index');
      r.bulk('spec');
      r.map(1);
      r.bulk('index');
      r.integer(spec.begin.index);
    } else {
      r.bulk('keyword');
      r.bulk('spec');
      r.map(2);
      r.bulk('keyword');
      r.bulk(spec.begin.keyword);
      r.bulk('startfrom');
      r.integer(spec.begin.startFrom);
    }
    r.bulk('find_keys');
    r.map(2);
    r.bulk('type');
    if (spec.find === 'unknown') {
      r.bulk('unknown');
      r.bulk('spec');
      r.map(0);
      continue;
    }
    const range = 'range' in spec.find;
    const names = range ? ['lastkey', 'keystep', 'limit'] : ['keynumidx', 'firstkey', 'keystep'];
    const values = 'range' in spec.find ? spec.find.range : spec.find.keynum;
    r.bulk(range ? 'range' : 'keynum');
    r.bulk('spec');
    r.map(3);
    for (let i = 0; i < 3; i++) {
      r.bulk(names[i]);
      r.integer(values[i]);
    }
  }
}

function replyAllInfo(c: Client): void {
  const commands = c.engine.registry.commands;
  c.reply.array(commands.size);
  for (const cmd of commands.values()) writeCommandInfo(c.reply, cmd);
}

function commandInfoCommand(c: Client, args: string[]): void {
  if (args.length === 2) {
    replyAllInfo(c);
    return;
  }
  c.reply.array(args.length - 2);
  for (let i = 2; i < args.length; i++) writeCommandInfo(c.reply, lookupByFullName(c.engine, args[i]));
}

// ---- COMMAND DOCS -----------------------------------------------------------------------------

/** One COMMAND DOCS entry (arguments are not described). */
export function writeCommandDocs(r: Reply, cmd: Command): void {
  const d = cmd.def;
  const fields =
    3 +
    (d.complexity ? 1 : 0) +
    (d.docFlags?.length ? 1 : 0) +
    (d.deprecatedSince ? 1 : 0) +
    (d.replacedBy ? 1 : 0) +
    (d.history?.length ? 1 : 0) +
    (cmd.subcommands ? 1 : 0);
  r.map(fields);
  r.bulk('summary');
  r.bulk(d.summary);
  r.bulk('since');
  r.bulk(d.since);
  r.bulk('group');
  r.bulk(d.group);
  if (d.complexity) {
    r.bulk('complexity');
    r.bulk(d.complexity);
  }
  if (d.docFlags?.length) {
    r.bulk('doc_flags');
    r.set(d.docFlags.length);
    for (const f of d.docFlags) r.simple(f);
  }
  if (d.deprecatedSince) {
    r.bulk('deprecated_since');
    r.bulk(d.deprecatedSince);
  }
  if (d.replacedBy) {
    r.bulk('replaced_by');
    r.bulk(d.replacedBy);
  }
  if (d.history?.length) {
    r.bulk('history');
    r.set(d.history.length);
    for (const [version, what] of d.history) {
      r.array(2);
      r.bulk(version);
      r.bulk(what);
    }
  }
  if (cmd.subcommands) {
    r.bulk('subcommands');
    r.map(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) {
      r.bulk(sub.fullName);
      writeCommandDocs(r, sub);
    }
  }
}

function commandDocsCommand(c: Client, args: string[]): void {
  const found: Command[] = [];
  if (args.length === 2) found.push(...c.engine.registry.commands.values());
  for (let i = 2; i < args.length; i++) {
    const cmd = lookupByFullName(c.engine, args[i]);
    if (cmd !== null) found.push(cmd);
  }
  c.reply.map(found.length);
  for (const cmd of found) {
    c.reply.bulk(cmd.fullName);
    writeCommandDocs(c.reply, cmd);
  }
}

// ---- COMMAND LIST -----------------------------------------------------------------------------

function commandListCommand(c: Client, args: string[]): void {
  let filter: ((cmd: Command) => boolean) | null = null;
  for (let i = 2; i < args.length; i++) {
    if (args[i].toLowerCase() !== 'filterby' || args.length - 1 - i !== 2) fail(Err.syntax);
    const type = args[i + 1].toLowerCase();
    const arg = args[i + 2];
    if (type === 'module') filter = () => false; // Podium has no modules
    else if (type === 'aclcat') {
      const cat = arg.toLowerCase();
      filter = (cmd) => commandCategories(cmd).includes(cat);
    } else if (type === 'pattern') filter = (cmd) => globMatch(arg, cmd.fullName, true);
    else fail(Err.syntax);
    i += 2;
  }
  const names: string[] = [];
  for (const cmd of c.engine.registry.all()) if (filter === null || filter(cmd)) names.push(cmd.fullName);
  c.reply.array(names.length);
  for (const n of names) c.reply.bulk(n);
}

// ---- COMMAND GETKEYS / GETKEYSANDFLAGS --------------------------------------------------------

function getKeysCommand(c: Client, args: string[], withFlags: boolean): void {
  const argv = args.slice(2);
  let cmd: Command | undefined = c.engine.registry.lookup(argv[0]);
  if (cmd?.subcommands && argv.length > 1) cmd = cmd.subcommands.get(argv[1].toLowerCase());
  if (cmd === undefined) fail(Err.getkeysInvalidCommand);
  if (cmd.def.getKeys === undefined && keySpecs(cmd).every((k) => k.flags.includes('not_key'))) fail(Err.getkeysNoKeys);
  if ((cmd.arity > 0 && cmd.arity !== argv.length) || argv.length < -cmd.arity) fail(Err.getkeysInvalidArity);
  const refs = commandKeyRefs(cmd, argv);
  if (refs === null || refs.length === 0) {
    if (!hasFlag(cmd, 'no_mandatory_keys')) fail(Err.getkeysInvalidArgs);
    c.reply.array(0);
    return;
  }
  c.reply.array(refs.length);
  for (const { pos, flags } of refs) {
    if (!withFlags) {
      c.reply.bulk(argv[pos]);
      continue;
    }
    // variable_flags means "the real flags depend on the arguments"; the spec's others are shown.
    const shown = flags.filter((f) => f !== 'variable_flags');
    c.reply.array(2);
    c.reply.bulk(argv[pos]);
    c.reply.set(shown.length);
    for (const f of shown) c.reply.simple(f);
  }
}
