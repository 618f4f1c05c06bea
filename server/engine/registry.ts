/**
 * The command table: every group's CommandDefs, indexed for dispatch. Subcommands (CLIENT KILL,
 * CONFIG GET, ...) are resolved here so arity, flags and stats apply to them exactly as in Redis 7.
 */
import { DOC_FIELDS, FLAG_BITS, type Command, type CommandDef, type CommandDocs, type CommandGroup, type GroupDocs, type ResolvedDef } from './command.ts';

export class Registry {
  readonly commands = new Map<string, Command>();

  /** Adds a table; each command's docs come from `docs` (by full name) unless the definition carries them. */
  add(defs: readonly CommandDef[], docs: GroupDocs = {}): void {
    for (const def of defs) {
      if (this.commands.has(def.name)) throw new Error(`duplicate command ${def.name}`);
      this.commands.set(def.name, build(def, null, docs));
    }
  }

  /** Adds every group, in order; a docs entry that names no command of its group is an error. */
  addGroups(groups: readonly CommandGroup[]): void {
    for (const g of groups) {
      this.add(g.commands, g.docs);
      const names = new Set<string>();
      for (const def of g.commands) {
        names.add(def.name);
        for (const sub of def.subcommands ?? []) names.add(`${def.name}|${sub.name}`);
      }
      for (const name of Object.keys(g.docs)) if (!names.has(name)) throw new Error(`${g.name}/docs.json: no command ${name}`);
    }
  }

  /** Names as clients send them (any case) → command; bounded, filled on first use. */
  private spelled = new Map<string, Command>();

  /** Looks a command up by its (any-case) name. */
  lookup(name: string): Command | undefined {
    let cmd = this.spelled.get(name);
    if (cmd !== undefined) return cmd;
    cmd = this.commands.get(name.toLowerCase());
    if (cmd !== undefined && this.spelled.size < 4096) this.spelled.set(name, cmd);
    return cmd;
  }

  /** Every command and subcommand, for INFO commandstats and COMMAND. */
  *all(): IterableIterator<Command> {
    for (const cmd of this.commands.values()) {
      yield cmd;
      if (cmd.subcommands) yield* cmd.subcommands.values();
    }
  }
}

/** The definition with its docs merged in: inline fields win over docs.json; summary, since and group are required. */
function resolve(def: CommandDef, fullName: string, docs: GroupDocs): ResolvedDef {
  const d: Partial<CommandDocs> = docs[fullName] ?? {};
  const merged = { ...d, ...def } as ResolvedDef;
  for (const f of DOC_FIELDS) if (merged[f] === undefined) delete merged[f];
  if (merged.group === undefined || merged.summary === undefined || merged.since === undefined) {
    throw new Error(`command ${fullName}: no docs (group, summary, since) in its group's docs.json`);
  }
  return merged;
}

function build(plain: CommandDef, parent: Command | null, docs: GroupDocs): Command {
  const fullName = parent ? `${parent.fullName}|${plain.name}` : plain.name;
  const def = resolve(plain, fullName, docs);
  let flags = 0;
  for (const f of def.flags) flags |= FLAG_BITS[f];
  const keys = def.keys ?? [0, 0, 0];
  const cmd: Command = {
    def,
    fullName,
    parent,
    flags,
    arity: def.arity,
    firstKey: keys[0],
    lastKey: keys[1],
    keyStep: keys[2],
    run: def.run ?? null,
    subcommands: null,
    calls: 0,
    usec: 0,
    rejectedCalls: 0,
    failedCalls: 0,
  };
  if (def.subcommands) {
    cmd.subcommands = new Map();
    for (const sub of def.subcommands) cmd.subcommands.set(sub.name, build(sub, cmd, docs));
  }
  return cmd;
}

/** The key arguments of a command invocation, by its legacy key spec. */
export function commandKeys(cmd: Command, argv: readonly string[]): string[] {
  if (cmd.firstKey === 0) return [];
  let last = cmd.lastKey;
  if (last < 0) last = argv.length + last;
  const keys: string[] = [];
  for (let i = cmd.firstKey; i <= last && i < argv.length; i += cmd.keyStep || 1) keys.push(argv[i]);
  return keys;
}
