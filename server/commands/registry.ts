/**
 * The command table: every group's CommandDefs, indexed for dispatch. Subcommands (CLIENT KILL,
 * CONFIG GET, ...) are resolved here so arity, flags and stats apply to them exactly as in Redis 7.
 */
import { FLAG_BITS, type Command, type CommandDef } from './command.ts';

export class Registry {
  readonly commands = new Map<string, Command>();

  add(defs: readonly CommandDef[]): void {
    for (const def of defs) {
      if (this.commands.has(def.name)) throw new Error(`duplicate command ${def.name}`);
      this.commands.set(def.name, build(def, null));
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

function build(def: CommandDef, parent: Command | null): Command {
  let flags = 0;
  for (const f of def.flags) flags |= FLAG_BITS[f];
  const keys = def.keys ?? [0, 0, 0];
  const cmd: Command = {
    def,
    fullName: parent ? `${parent.fullName}|${def.name}` : def.name,
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
    for (const sub of def.subcommands) cmd.subcommands.set(sub.name, build(sub, cmd));
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
