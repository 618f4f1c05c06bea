/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP, with Redis 7.0's replies and error texts. The
 * parameters, their syntax and their canonical forms live in server/config*.ts; this file is only the
 * command side (pattern matching, the all-or-nothing multi-parameter SET, stats reset).
 */
import type { CommandDef, Flag } from '../../engine/command.ts';
import type { Client } from '../../engine/client.ts';
import type { Engine } from '../../engine/engine.ts';
import type { ParamEntry } from '../../config.ts';
import { Err, fail } from '../../engine/errors.ts';
import { globMatch } from '../../lib/glob.ts';

const ADMIN: Flag[] = ['admin', 'noscript', 'loading', 'stale'];

export const configCommands: CommandDef[] = [
  {
    name: 'config',
    arity: -2,
    flags: [],
    subcommands: [
      { name: 'help', arity: 2, flags: ['loading', 'stale'], run: configHelpCommand },
      {
        name: 'set',
        arity: -4,
        flags: ADMIN,
        run: configSetCommand,
      },
      {
        name: 'get',
        arity: -3,
        flags: ADMIN,
        run: configGetCommand,
      },
      { name: 'rewrite', arity: 2, flags: ADMIN, run: configRewriteCommand },
      { name: 'resetstat', arity: 2, flags: ADMIN, run: configResetstatCommand },
    ],
  },
];

const CONFIG_HELP = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
];

function configHelpCommand(c: Client): void {
  c.reply.array(CONFIG_HELP.length);
  for (const line of CONFIG_HELP) c.reply.simple(line);
}

const GLOB_CHARS = /[[*?]/;

/**
 * CONFIG GET pattern [pattern ...]: a map of name → value. A name without glob characters is looked
 * up exactly (any case, echoed as given; hidden parameters too); a pattern matches canonical names
 * and aliases case-insensitively. Each parameter name appears once.
 */
function configGetCommand(c: Client, args: string[]): void {
  const cfg = c.engine.config;
  const matches = new Map<string, { shown: string; entry: ParamEntry }>();
  for (let i = 2; i < args.length; i++) {
    const pattern = args[i];
    if (!GLOB_CHARS.test(pattern)) {
      const key = pattern.toLowerCase();
      const entry = cfg.lookup(pattern);
      if (entry !== undefined && !matches.has(key)) matches.set(key, { shown: pattern, entry });
      continue;
    }
    for (const entry of cfg.names()) {
      if (entry.def.hidden || matches.has(entry.name)) continue;
      if (globMatch(pattern, entry.name, true)) matches.set(entry.name, { shown: entry.name, entry });
    }
  }
  c.reply.map(matches.size);
  for (const { shown, entry } of matches.values()) {
    c.reply.bulk(shown);
    c.reply.bulk(cfg.get(entry.def.name));
  }
}

/** Loopback or in-process client (enable-protected-configs local). */
function isLocalClient(c: Client): boolean {
  const a = c.link.addr;
  return c.link.kind !== 'tcp' || a.startsWith('127.') || a.startsWith('::1:') || a.startsWith('::ffff:127.');
}

/**
 * CONFIG SET name value [name value ...]: every name is resolved and every value validated before
 * anything changes, so a bad pair leaves all parameters as they were (Redis 7.0's configSetCommand,
 * including which error wins when several are wrong).
 */
function configSetCommand(c: Client, args: string[]): void {
  if (args.length % 2 !== 0) fail(Err.syntax);
  const cfg = c.engine.config;
  const count = (args.length - 2) / 2;
  const entries: ParamEntry[] = [];
  let unknown: string | null = null;
  let refused: string | null = null;
  for (let i = 0; i < count && unknown === null; i++) {
    const name = args[2 + i * 2];
    const entry = cfg.lookup(name);
    // The first problem found wins: an unknown name, or an immutable/protected/repeated one.
    if (entry === undefined) {
      if (refused === null) unknown = name;
      continue;
    }
    if (refused !== null) continue;
    if (entry.def.immutable) refused = Err.configSetFailed(name, "can't set immutable config");
    else if (entry.def.protected && !cfg.protectedAllowed(isLocalClient(c))) refused = Err.configSetFailed(name, "can't set protected config");
    else if (entries.includes(entry)) refused = Err.configSetFailed(name, 'duplicate parameter');
    entries.push(entry);
  }
  try {
    if (unknown !== null) fail(Err.configUnknownOption(unknown));
    if (refused !== null) fail(refused);
    const parsed: { value: string; num?: number }[] = [];
    for (let i = 0; i < count; i++) {
      const p = cfg.validate(entries[i].def, args[3 + i * 2]);
      if ('error' in p) fail(Err.configSetFailed(entries[i].name, p.error));
      parsed.push(p);
    }
    for (let i = 0; i < count; i++) cfg.apply(entries[i].def, parsed[i]);
    c.reply.simple('OK');
  } finally {
    redactSecrets(c, args);
  }
}

/**
 * Passwords must not reach the slowlog (which records this argv after the command), as Redis's
 * redactClientCommandArgument ensures; a value is redacted whether or not the SET succeeded.
 */
function redactSecrets(c: Client, args: string[]): void {
  for (let i = 2; i + 1 < args.length; i += 2) {
    if (c.engine.config.lookup(args[i])?.def.sensitive) args[i + 1] = '(redacted)';
  }
}

function configRewriteCommand(c: Client): void {
  const err = c.engine.config.rewrite();
  if (err === 'no file') fail(Err.configNoFile);
  if (err !== null) fail(Err.configRewriteFailed(err));
  c.reply.simple('OK');
}

function configResetstatCommand(c: Client): void {
  resetStats(c.engine);
  c.reply.simple('OK');
}

/**
 * CONFIG RESETSTAT: Redis's resetServerStats + resetCommandTableStats + resetErrorTableStats. Gauges
 * (blocked keys), the start time and the slowlog are left alone, as in Redis.
 */
export function resetStats(e: Engine): void {
  const s = e.stats;
  s.connectionsReceived = 0;
  s.commandsProcessed = 0;
  s.rejectedConnections = 0;
  s.expiredKeys = 0;
  s.expiredStalePerc = 0;
  s.expiredTimeCapReached = 0;
  s.evictedKeys = 0;
  s.keyspaceHits = 0;
  s.keyspaceMisses = 0;
  s.netInputBytes = 0;
  s.netOutputBytes = 0;
  s.totalErrorReplies = 0;
  s.unexpectedErrorReplies = 0;
  s.errorReplies.clear();
  s.opsSamples.length = 0;
  for (const cmd of e.registry.all()) {
    cmd.calls = 0;
    cmd.usec = 0;
    cmd.failedCalls = 0;
    cmd.rejectedCalls = 0;
  }
  e.latency.histograms.clear();
}
