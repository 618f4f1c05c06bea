/**
 * Configuration: every parameter Redis 7.0 knows, read from a redis.conf-style file and from
 * `--name value` arguments exactly as redis-server reads them, and readable/changeable live with
 * CONFIG GET/SET. Values are kept in the canonical form CONFIG GET prints; numeric parameters are
 * also cached as numbers so hot paths (`int('maxclients')`) do a single map lookup. CONFIG REWRITE's
 * file rewriting is here too. Independent of every other layer.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEPRECATED_DIRECTIVES, PARAMS, type ParamDef } from './config-params.ts';
import { type Parsed, formatMemory, memtoull, quoteConfigValue, splitConfigLine, string2ll, strtollFull } from './config-syntax.ts';

export { type ParamDef } from './config-params.ts';
export { NOTIFY, parseMemory, savePoints, splitConfigLine } from './config-syntax.ts';

/** A fatal problem in the configuration; the message is Redis's block without its header line. */
export class ConfigError extends Error {}

/** A name CONFIG GET/SET knows: a parameter's canonical name or one of its aliases. */
export interface ParamEntry {
  name: string;
  def: ParamDef;
}

export class Config {
  private values = new Map<string, string>();
  private numbers = new Map<string, number>();
  private entries = new Map<string, ParamEntry>();
  private ordered: ParamEntry[] = [];
  private listeners = new Map<string, ((v: string) => void)[]>();
  /** A save directive was read already (later ones add to it rather than replace the defaults). */
  private saveSeen = false;
  /** A config line is being applied (save lines add up; CONFIG SET replaces). */
  private loadingFile = false;
  /** Absolute path of the configuration file given at start ('' = none), for CONFIG REWRITE and INFO. */
  file = '';

  constructor() {
    for (const p of PARAMS) {
      for (const name of [p.name, ...(p.aliases ?? [])]) {
        const entry = { name, def: p };
        this.entries.set(name, entry);
        this.ordered.push(entry);
      }
      const def = p.name === 'dir' ? process.cwd() : p.default;
      // A special default can be a state no setter produces (replicaof "" = not a replica).
      const parsed = p.kind === 'special' && def === '' ? { value: '' } : this.validate(p, def, false);
      if ('error' in parsed) throw new Error(`bad default for ${p.name}: ${parsed.error}`);
      this.store(p, parsed);
    }
  }

  /** All parameter definitions (one per parameter, aliases inside). */
  params(): readonly ParamDef[] {
    return PARAMS;
  }

  /** Every name CONFIG GET may answer with, canonical names and aliases, in table order. */
  names(): readonly ParamEntry[] {
    return this.ordered;
  }

  /** The entry for a name (any case, canonical or alias). */
  lookup(name: string): ParamEntry | undefined {
    return this.entries.get(name) ?? this.entries.get(name.toLowerCase());
  }

  def(name: string): ParamDef | undefined {
    return this.lookup(name)?.def;
  }

  /** The value as CONFIG GET prints it. */
  get(name: string): string {
    const e = this.lookup(name);
    if (e === undefined) throw new Error(`unknown config ${name}`);
    return this.values.get(e.def.name)!;
  }

  /**
   * Numeric value of an int/memory/bool parameter (bools are 1/0, a percentage is negative as in
   * Redis, notify-keyspace-events is its flag bits).
   */
  int(name: string): number {
    const v = this.numbers.get(name);
    if (v !== undefined) return v;
    throw new Error(`config ${name} is not numeric`);
  }

  bool(name: string): boolean {
    return this.numbers.get(name) === 1;
  }

  /**
   * Validates a value given as CONFIG SET gives it (list parameters split on single spaces).
   * `runtime` = CONFIG SET (checks that only apply to a running server, e.g. bind addresses).
   */
  validate(p: ParamDef, value: string, runtime = true): Parsed {
    const args = p.multiArg ? (value === '' ? [] : value.split(' ')) : [value];
    return this.parse(p, args, runtime);
  }

  /** Stores a validated value; listeners run when it changed. */
  apply(p: ParamDef, parsed: { value: string; num?: number }): void {
    const before = this.values.get(p.name);
    this.store(p, parsed);
    if (before === parsed.value) return;
    for (const l of this.listeners.get(p.name) ?? []) l(parsed.value);
  }

  /**
   * Validates and sets one parameter. Returns null, 'unknown', or the reason it was refused (Redis's
   * wording, without the "CONFIG SET failed" prefix). `startup` allows immutable and protected ones.
   */
  set(name: string, value: string, startup = false): string | null {
    const e = this.lookup(name);
    if (e === undefined) return 'unknown';
    if (!startup && e.def.immutable) return "can't set immutable config";
    if (!startup && e.def.protected && !this.protectedAllowed(false)) return "can't set protected config";
    const parsed = this.validate(e.def, value, !startup);
    if ('error' in parsed) return parsed.error;
    this.apply(e.def, parsed);
    return null;
  }

  /** enable-protected-configs: may a client change dir/dbfilename? */
  protectedAllowed(localClient: boolean): boolean {
    const v = this.values.get('enable-protected-configs');
    return v === 'yes' || (v === 'local' && localClient);
  }

  /** Calls `fn` whenever the parameter changes (transports re-read limits, hz restarts timers). */
  onChange(name: string, fn: (v: string) => void): void {
    const key = this.lookup(name)?.def.name ?? name;
    const list = this.listeners.get(key) ?? [];
    list.push(fn);
    this.listeners.set(key, list);
  }

  private store(p: ParamDef, parsed: { value: string; num?: number }): void {
    this.values.set(p.name, parsed.value);
    let num = parsed.num;
    if (p.kind === 'bool') num = parsed.value === 'yes' ? 1 : 0;
    if (num === undefined) return;
    this.numbers.set(p.name, num);
    for (const a of p.aliases ?? []) this.numbers.set(a, num);
  }

  private parse(p: ParamDef, args: string[], runtime: boolean): Parsed {
    const parsed = parseValue(p, args, { current: this.values.get(p.name) ?? '', fromFile: !runtime && this.loadingFile, seenInFile: this.saveSeen });
    if ('error' in parsed || p.check === undefined) return parsed;
    const err = p.check(parsed.value, runtime);
    return err === null ? parsed : { error: err };
  }

  /**
   * Loads redis.conf text (lines of `name arg arg ...`), as loadServerConfigFromString does.
   * Throws ConfigError with Redis's "Reading the configuration file, at line N" report.
   */
  loadText(text: string): void {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (line === '' || line[0] === '#') continue;
      const err = this.loadLine(line);
      if (err !== null) throw new ConfigError(`Reading the configuration file, at line ${i + 1}\n>>> '${line}'\n${err}`);
    }
  }

  private loadLine(line: string): string | null {
    const argv = splitConfigLine(line);
    if (argv === null) return 'Unbalanced quotes in configuration line';
    if (argv.length === 0) return null;
    const name = argv[0].toLowerCase();
    const e = this.entries.get(name);
    if (e !== undefined) {
      const p = e.def;
      if (!p.multiArg && argv.length !== 2) return 'wrong number of arguments';
      // A single quoted argument of a list parameter is split again: --save "900 1".
      const args = p.multiArg && argv.length === 2 && argv[1] !== '' ? (splitConfigLine(argv[1]) ?? []) : argv.slice(1);
      this.loadingFile = true;
      let parsed: Parsed;
      try {
        parsed = this.parse(p, args, false);
      } finally {
        this.loadingFile = false;
      }
      if ('error' in parsed) return parsed.error;
      if (p.name === 'save') this.saveSeen = true;
      this.apply(p, parsed);
      return null;
    }
    if (DEPRECATED_DIRECTIVES.has(name) && argv.length === 2) return null;
    if (name === 'include' && argv.length === 2) {
      this.loadText(readConfigFile(argv[1]));
      return null;
    }
    if (name === 'rename-command' || name === 'user' || name === 'loadmodule' || name === 'sentinel') {
      return `'${name}' is not supported by Podium`;
    }
    return 'Bad directive or wrong number of arguments';
  }

  /** Loads a configuration file; it becomes the file CONFIG REWRITE writes. */
  loadFile(path: string): void {
    this.file = resolve(path);
    this.loadText(readConfigFile(path));
  }

  /**
   * redis-server style arguments: `[configfile] [--name value ...]`. As in Redis, the options become
   * config lines appended after the file's content (so error line numbers count on from the file),
   * values are quoted, and `--save` without a value means `save ""`.
   */
  loadArgs(argv: string[]): void {
    let j = 0;
    let text = '';
    if (argv.length > 0 && argv[0][0] !== '-') {
      this.file = resolve(argv[0]);
      text = readConfigFile(argv[0]);
      j = 1;
    }
    let options = '';
    let lastHasArg = true;
    for (; j < argv.length; j++) {
      const a = argv[j];
      if (lastHasArg && a.startsWith('--')) {
        if (options !== '') options += '\n';
        options += a.slice(2) + ' ';
        const words = splitConfigLine(a) ?? [];
        if (words.length === 1) {
          lastHasArg = false;
          const next = argv[j + 1];
          if (a.toLowerCase() === '--save' && (next === undefined || next.startsWith('--'))) {
            options += '""';
            lastHasArg = true;
          }
        } else lastHasArg = true;
      } else {
        options += quoteConfigValue(a) + ' ';
        lastHasArg = true;
      }
    }
    this.loadText(text + '\n' + options);
  }

  /**
   * CONFIG REWRITE: rewrites the file given at start with the current values (through a temporary
   * file and a rename, so a crash never leaves half a file). Returns null, 'no file' when the server
   * started without one, or the system's reason the file could not be written.
   */
  rewrite(): string | null {
    if (this.file === '') return 'no file';
    let old = '';
    try {
      old = readFileSync(this.file, 'latin1');
    } catch (err) {
      // A missing file is created, as Redis does; anything else is reported.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return errnoText(err);
    }
    const tmp = `${this.file}.podium-rewrite-${process.pid}.tmp`;
    try {
      writeFileSync(tmp, rewriteConfigText(old, this), 'latin1');
      renameSync(tmp, this.file);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing to clean up
      }
      return errnoText(err);
    }
    return null;
  }
}

/** strerror() text for the errno codes file operations report. */
function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    ENOENT: 'No such file or directory',
    EACCES: 'Permission denied',
    EISDIR: 'Is a directory',
    ENOTDIR: 'Not a directory',
    EROFS: 'Read-only file system',
    ENOSPC: 'No space left on device',
  };
  return (code && known[code]) ?? (err as Error).message;
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (err) {
    throw new ConfigError(`Fatal error, can't open config file '${path}': ${errnoText(err)}`);
  }
}

/** Parses arguments into the canonical value, per Redis's rules for the parameter's type. */
function parseValue(p: ParamDef, args: string[], ctx: { current: string; fromFile: boolean; seenInFile: boolean }): Parsed {
  switch (p.kind) {
    case 'bool': {
      const v = args[0].toLowerCase();
      if (v !== 'yes' && v !== 'no') return { error: "argument must be 'yes' or 'no'" };
      return { value: v };
    }
    case 'int':
    case 'memory':
      return parseNumeric(p, args[0]);
    case 'enum':
      return parseEnum(p, args);
    case 'string':
      return { value: args[0] };
    case 'special':
      return p.parse!(args, ctx);
  }
}

/** numericParseString + numericBoundaryCheck + numericConfigGet. */
function parseNumeric(p: ParamDef, v: string): Parsed {
  let ll: bigint | null = null;
  if (p.kind === 'memory') {
    const m = memtoull(v);
    if (m !== null) ll = BigInt.asIntN(64, m);
  }
  if (ll === null && p.percent && v.length > 1 && v.endsWith('%')) {
    const n = string2ll(v.slice(0, -1));
    if (n !== null && n >= 0n) ll = -n;
  }
  if (ll === null && p.kind === 'int') ll = p.octal ? strtollFull(v, 8) : string2ll(v);
  if (ll === null) {
    if (p.kind === 'memory') return { error: p.percent ? 'argument must be a memory or percent value' : 'argument must be a memory value' };
    return { error: p.octal ? "argument couldn't be parsed as an octal number" : "argument couldn't be parsed into an integer" };
  }
  const min = p.min!;
  const max = p.max!;
  const show = (b: bigint) => (p.octal ? b.toString(8) : String(b));
  const between = { error: `argument must be between ${show(min)} and ${show(max)} inclusive` };
  if (p.unsigned) {
    const u = BigInt.asUintN(64, ll);
    if (u > max || u < min) return between;
  } else if (p.percent && ll < 0n) {
    if (ll < min) return { error: `percentage argument must be less or equal to ${-min}` };
  } else if (ll > max || ll < min) return between;
  if (p.clamp) {
    if (ll < p.clamp[0]) ll = p.clamp[0];
    if (ll > p.clamp[1]) ll = p.clamp[1];
  }
  let value: string;
  if (p.percent && ll < 0n) value = `${-ll}%`;
  else if (p.kind === 'memory') value = String(BigInt.asUintN(64, ll));
  else if (p.octal) value = ll.toString(8);
  else value = String(ll);
  const num = p.kind === 'memory' && !(p.percent && ll < 0n) ? Number(BigInt.asUintN(64, ll)) : Number(ll);
  return { value, num };
}

/** configEnumGetValue / configEnumGetName, including multi-name bit flags. */
function parseEnum(p: ParamDef, args: string[]): Parsed {
  const names = p.values!;
  const vals = p.enumValues ?? names.map((_, i) => i);
  const bad = { error: `argument(s) must be one of the following: ${names.join(', ')}` };
  if (args.length === 0 || (!p.bitflags && args.length !== 1)) return bad;
  let value = 0;
  for (const a of args) {
    const i = names.findIndex((n) => n === a.toLowerCase());
    if (i < 0) return bad;
    value = p.bitflags ? value | vals[i] : vals[i];
  }
  const exact = vals.indexOf(value);
  if (exact >= 0) return { value: names[exact], num: value };
  const out: string[] = [];
  let unmatched = value;
  for (let i = 0; i < names.length; i++) {
    if (vals[i] !== 0 && (unmatched & vals[i]) === vals[i]) {
      out.push(names[i]);
      unmatched &= ~vals[i];
    }
  }
  return { value: out.length === 0 || unmatched !== 0 ? 'unknown' : out.join(' '), num: value };
}

// ==== CONFIG REWRITE ============================================================================
// As Redis's rewriteConfig: the old file's lines are kept (comments, unknown and file-only
// directives included); each parameter's line is replaced in place, parameters that differ from
// their default and had no line are appended after a signature, extra old lines of a rewritten
// parameter are blanked, and runs of blank lines collapse to one.

const SIGNATURE = '# Generated by CONFIG REWRITE';
const FILE_ONLY = new Set(['include', 'rename-command', 'user', 'loadmodule', 'sentinel']);

class RewriteState {
  lines: string[] = [];
  /** Parameter → indexes of its lines in the old file, in order. */
  optionLines = new Map<string, number[]>();
  rewritten = new Set<string>();
  needsSignature = true;

  constructor(old: string, config: Config) {
    const raw = old.split('\n');
    if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
    for (const r of raw) {
      const line = r.replace(/^[\r\n\t ]+|[\r\n\t ]+$/g, '');
      if (line === '' || line[0] === '#') {
        if (line === SIGNATURE) this.needsSignature = false;
        this.lines.push(line);
        continue;
      }
      const argv = splitConfigLine(line);
      const known = argv !== null && argv.length > 0 ? config.lookup(argv[0]) : undefined;
      if (argv === null || argv.length === 0 || (known === undefined && !FILE_ONLY.has(argv[0].toLowerCase()))) {
        this.lines.push('# ??? ' + line);
        continue;
      }
      const option = known ? known.def.name : argv[0].toLowerCase();
      const list = this.optionLines.get(option) ?? [];
      list.push(this.lines.length);
      this.optionLines.set(option, list);
      this.lines.push(line);
    }
  }

  /** rewriteConfigRewriteLine: reuse the option's next old line, or append one when forced. */
  rewriteLine(option: string, line: string, force: boolean): void {
    this.rewritten.add(option);
    const list = this.optionLines.get(option);
    if (list !== undefined) {
      this.lines[list.shift()!] = line;
      if (list.length === 0) this.optionLines.delete(option);
    } else if (force) {
      if (this.needsSignature) this.lines.push('', SIGNATURE);
      this.needsSignature = false;
      this.lines.push(line);
    }
  }

  content(): string {
    for (const [option, list] of this.optionLines) {
      if (this.rewritten.has(option)) for (const i of list) this.lines[i] = '';
    }
    let out = '';
    let wasEmpty = false;
    for (const line of this.lines) {
      if (line === '' && wasEmpty) continue;
      wasEmpty = line === '';
      out += line + '\n';
    }
    return out;
  }
}

/** The new text of a config file whose old text is `old`. */
export function rewriteConfigText(old: string, config: Config): string {
  const state = new RewriteState(old, config);
  for (const p of config.params()) rewriteParam(state, p, config.get(p.name));
  return state.content();
}

function rewriteParam(s: RewriteState, p: ParamDef, v: string): void {
  const name = p.name;
  const changed = v !== p.default;
  switch (name) {
    case 'save': {
      const w = v === '' ? [] : v.split(' ');
      if (w.length === 0) s.rewriteLine(name, 'save ""', true);
      for (let i = 0; i + 1 < w.length; i += 2) s.rewriteLine(name, `save ${w[i]} ${w[i + 1]}`, true);
      s.rewritten.add(name);
      return;
    }
    case 'dir':
      s.rewriteLine(name, `dir ${quoteConfigValue(v)}`, true);
      return;
    case 'bind':
      if (changed) s.rewriteLine(name, `bind ${v}`, true);
      else s.rewritten.add(name);
      return;
    case 'client-output-buffer-limit': {
      const cur = v.split(' ');
      const def = p.default.split(' ');
      for (let i = 0; i + 3 < cur.length; i += 4) {
        const line = `${name} ${cur[i]} ${formatMemory(BigInt(cur[i + 1]))} ${formatMemory(BigInt(cur[i + 2]))} ${cur[i + 3]}`;
        s.rewriteLine(name, line, cur.slice(i, i + 4).join(' ') !== def.slice(i, i + 4).join(' '));
      }
      s.rewritten.add(name);
      return;
    }
    case 'notify-keyspace-events':
      s.rewriteLine(name, `${name} ${quoteConfigValue(v)}`, v !== '');
      return;
    case 'replicaof':
    case 'requirepass':
      if (v === '') s.rewritten.add(name);
      else s.rewriteLine(name, `${name} ${name === 'replicaof' ? v : quoteConfigValue(v)}`, true);
      return;
    case 'latency-tracking-info-percentiles':
      s.rewriteLine(name, `${name} ${v === '' ? '""' : v}`, true);
      return;
  }
  if (p.kind === 'memory' && !v.endsWith('%')) s.rewriteLine(name, `${name} ${formatMemory(BigInt(v))}`, changed);
  else if (p.kind !== 'string' && (p.kind !== 'special' || p.multiArg)) s.rewriteLine(name, `${name} ${v}`, changed);
  // An empty string parameter must not appear at all to read back as empty.
  else if (v === '') s.rewritten.add(name);
  else s.rewriteLine(name, `${name} ${quoteConfigValue(v)}`, changed);
}
