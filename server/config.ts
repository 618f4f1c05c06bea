/**
 * Configuration: every parameter name Redis 7 knows, in redis.conf syntax and as `--name value`
 * flags, readable and changeable live with CONFIG GET/SET. Parameters Podium acts on are marked
 * `applies`; the others (encoding thresholds, ...) are validated, stored and echoed back, because
 * tools and client libraries set them. Independent of every other layer.
 */
import { readFileSync } from 'node:fs';
import { PARAMS, type ParamDef } from './config-params.ts';

export { type ParamDef } from './config-params.ts';

export class ConfigError extends Error {}

const MEMORY_UNITS: Record<string, number> = {
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 * 1000,
  mb: 1024 * 1024,
  g: 1000 * 1000 * 1000,
  gb: 1024 * 1024 * 1024,
};

/** memtoull: "100", "1kb", "5mb", "1g" → bytes; null when invalid. */
export function parseMemory(s: string): number | null {
  const m = /^(-?[0-9]+)([a-zA-Z]*)$/.exec(s);
  if (!m) return null;
  const unit = m[2].toLowerCase();
  const mul = unit === '' ? 1 : MEMORY_UNITS[unit];
  if (mul === undefined) return null;
  return Number(m[1]) * mul;
}

export class Config {
  private values = new Map<string, string>();
  private byName = new Map<string, ParamDef>();
  private numbers = new Map<string, number>();
  private listeners = new Map<string, ((v: string) => void)[]>();
  /** The file given at start, for CONFIG REWRITE and INFO config_file. */
  file = '';

  constructor() {
    for (const p of PARAMS) {
      this.byName.set(p.name, p);
      for (const a of p.aliases ?? []) this.byName.set(a, p);
      this.store(p, p.default);
    }
  }

  /** All parameter definitions (CONFIG GET *, docs). */
  params(): readonly ParamDef[] {
    return PARAMS;
  }

  def(name: string): ParamDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  get(name: string): string {
    const p = this.byName.get(name);
    if (p === undefined) throw new Error(`unknown config ${name}`);
    return this.values.get(p.name)!;
  }

  /** Numeric value of an int/memory/bool parameter (bools are 1/0), cached. */
  int(name: string): number {
    const v = this.numbers.get(name);
    if (v !== undefined) return v;
    throw new Error(`config ${name} is not numeric`);
  }

  bool(name: string): boolean {
    return this.get(name) === 'yes';
  }

  /**
   * Validates and sets a parameter. Returns null or the reason it was refused (Redis's wording,
   * without the "CONFIG SET failed" prefix). `startup` allows immutable parameters.
   */
  set(name: string, value: string, startup = false): string | null {
    const p = this.byName.get(name.toLowerCase());
    if (p === undefined) return 'unknown';
    if (p.immutable && !startup) return "can't set immutable config";
    const norm = normalize(p, value);
    if (typeof norm !== 'string') return norm.error;
    this.store(p, norm);
    for (const l of this.listeners.get(p.name) ?? []) l(norm);
    return null;
  }

  /** Calls `fn` whenever the parameter changes (transports re-read limits, hz restarts timers). */
  onChange(name: string, fn: (v: string) => void): void {
    const list = this.listeners.get(name) ?? [];
    list.push(fn);
    this.listeners.set(name, list);
  }

  private store(p: ParamDef, v: string): void {
    this.values.set(p.name, v);
    if (p.kind === 'int' || p.kind === 'memory') this.numbers.set(p.name, Number(v));
    else if (p.kind === 'bool') this.numbers.set(p.name, v === 'yes' ? 1 : 0);
  }

  /** Loads redis.conf-style text (lines of `name arg arg ...`). Throws ConfigError with the line. */
  loadText(text: string, source = 'config'): void {
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '' || line.startsWith('#')) continue;
      const words = splitConfigLine(line);
      if (words === null) throw new ConfigError(`${source}:${i + 1}: unbalanced quotes in '${line}'`);
      const name = words[0].toLowerCase();
      if (name === 'include') {
        this.loadFile(words[1]);
        continue;
      }
      const p = this.byName.get(name);
      if (p === undefined) throw new ConfigError(`${source}:${i + 1}: Bad directive or wrong number of arguments: '${line}'`);
      const value = words.slice(1).join(' ');
      // Repeated multi-value directives (save, client-output-buffer-limit) accumulate as in Redis.
      const err = this.set(name, p.accumulate ? mergeAccumulated(p, this.values.get(p.name)!, value, this.seen.has(p.name)) : value, true);
      this.seen.add(p.name);
      if (err !== null) throw new ConfigError(`${source}:${i + 1}: '${line}': ${err}`);
    }
  }

  private seen = new Set<string>();

  loadFile(path: string): void {
    this.file = path;
    this.loadText(readFileSync(path, 'utf8'), path);
  }

  /**
   * redis-server style arguments: [configfile] [--name value ...]. Returns a list of unknown
   * arguments (none on success) — or throws ConfigError.
   */
  loadArgs(argv: string[]): void {
    let i = 0;
    if (argv.length > 0 && !argv[0].startsWith('--')) {
      this.loadFile(argv[0]);
      i = 1;
    }
    const lines: string[] = [];
    for (; i < argv.length; i++) {
      const a = argv[i];
      if (a.startsWith('--')) {
        lines.push(a.slice(2));
      } else {
        if (lines.length === 0) throw new ConfigError(`Invalid argument '${a}'`);
        lines[lines.length - 1] += ' ' + quoteConfigArg(a);
      }
    }
    this.loadText(lines.join('\n'), 'command line');
  }
}

function quoteConfigArg(a: string): string {
  if (a === '' || /[\s"']/.test(a)) return '"' + a.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  return a;
}

function mergeAccumulated(p: ParamDef, current: string, add: string, seenBefore: boolean): string {
  if (!seenBefore || add === '') return add;
  void p;
  return current === '' ? add : current + ' ' + add;
}

/** Splits a config line like sdssplitargs: words, "quoted" and 'quoted' strings. */
export function splitConfigLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let cur = '';
    const q = line[i];
    if (q === '"' || q === "'") {
      i++;
      let closed = false;
      while (i < line.length) {
        const ch = line[i];
        if (ch === '\\' && i + 1 < line.length) {
          const n = line[i + 1];
          cur += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
          i += 2;
          continue;
        }
        if (ch === q) {
          closed = true;
          i++;
          break;
        }
        cur += ch;
        i++;
      }
      if (!closed) return null;
    } else {
      while (i < line.length && !/\s/.test(line[i])) cur += line[i++];
    }
    out.push(cur);
  }
  return out;
}

/** Validates a value for a parameter and returns its canonical form (as CONFIG GET prints it). */
function normalize(p: ParamDef, value: string): string | { error: string } {
  switch (p.kind) {
    case 'bool': {
      const v = value.toLowerCase();
      if (v !== 'yes' && v !== 'no') return { error: "argument must be 'yes' or 'no'" };
      return v;
    }
    case 'int': {
      if (!/^-?[0-9]+$/.test(value)) return { error: "argument couldn't be parsed into an integer" };
      const n = Number(value);
      if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
        return { error: `argument must be between ${p.min} and ${p.max} inclusive` };
      }
      return String(n);
    }
    case 'memory': {
      const n = parseMemory(value);
      if (n === null) return { error: 'argument must be a memory value' };
      if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
        return { error: `argument must be between ${p.min} and ${p.max} inclusive` };
      }
      return String(n);
    }
    case 'enum': {
      const v = value.toLowerCase();
      if (!p.values!.includes(v)) return { error: `argument(s) must be one of the following: ${p.values!.join(', ')}` };
      return v;
    }
    case 'string':
      return p.validate ? p.validate(value) : value;
  }
}
