/**
 * What a command is: data. Each group opens with a table of CommandDefs (how it runs) and keeps its
 * CommandDocs in docs.json beside it; the registry merges them into Commands (flag bits, stats).
 * COMMAND / COMMAND INFO / DOCS are generated from these.
 */
import type { Client } from './client.ts';

export type Handler = (c: Client, args: string[]) => void;

/** Redis 7 command flags, by their Redis names. */
export type Flag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'asking'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'sentinel'
  | 'only_sentinel'
  | 'no_mandatory_keys'
  | 'protected'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy';

export const FLAG_BITS: Record<Flag, number> = {
  write: 1 << 0,
  readonly: 1 << 1,
  denyoom: 1 << 2,
  admin: 1 << 3,
  pubsub: 1 << 4,
  noscript: 1 << 5,
  blocking: 1 << 6,
  loading: 1 << 7,
  stale: 1 << 8,
  skip_monitor: 1 << 9,
  skip_slowlog: 1 << 10,
  asking: 1 << 11,
  fast: 1 << 12,
  no_auth: 1 << 13,
  may_replicate: 1 << 14,
  sentinel: 1 << 15,
  only_sentinel: 1 << 16,
  no_mandatory_keys: 1 << 17,
  protected: 1 << 18,
  no_async_loading: 1 << 19,
  no_multi: 1 << 20,
  movablekeys: 1 << 21,
  allow_busy: 1 << 22,
};

/** Redis's command groups (COMMAND DOCS "group"); also give the ACL category. */
export type Group =
  | 'generic'
  | 'string'
  | 'list'
  | 'set'
  | 'sorted-set'
  | 'hash'
  | 'pubsub'
  | 'transactions'
  | 'connection'
  | 'server'
  | 'scripting'
  | 'hyperloglog'
  | 'cluster'
  | 'sentinel'
  | 'geo'
  | 'stream'
  | 'bitmap'
  | 'podium';

/**
 * What COMMAND DOCS and COMMAND INFO tell of a command beyond how it runs. Kept as data beside each
 * group (its docs.json, as Redis keeps src/commands/*.json) and merged into the definition by the registry.
 */
export interface CommandDocs {
  group: Group;
  summary: string;
  since: string;
  complexity?: string;
  /** Extra ACL categories beyond those derived from group and flags (e.g. 'dangerous'). */
  acl?: readonly string[];
  /**
   * Replaces the category derived from the group (Redis's "acl_categories" when it differs, e.g.
   * SORT is @set @sortedset @list rather than @keyspace; [] for none). Flag-derived ones still apply.
   */
  aclCategories?: readonly string[];
  /** COMMAND INFO tips, e.g. 'nondeterministic_output', 'request_policy:all_shards'. */
  tips?: readonly string[];
  /** COMMAND DOCS history: [version, what changed]. */
  history?: readonly (readonly [string, string])[];
  /** COMMAND DOCS doc_flags ('deprecated', 'syscmd'), deprecated_since and replaced_by. */
  docFlags?: readonly string[];
  deprecatedSince?: string;
  replacedBy?: string;
}

/** The names of the CommandDocs fields (what a table line leaves to its group's docs.json). */
export const DOC_FIELDS = ['group', 'summary', 'since', 'complexity', 'acl', 'aclCategories', 'tips', 'history', 'docFlags', 'deprecatedSince', 'replacedBy'] as const;

/** One line of a group's table: how the command runs. Its docs may be given inline (tests do) or in docs.json. */
export interface CommandDef extends Partial<CommandDocs> {
  /** Lower-case name ("get"; for a subcommand just the subcommand, "kill"). */
  name: string;
  /** Redis arity: N = exactly N words including the name, -N = at least N. */
  arity: number;
  flags: readonly Flag[];
  /** Legacy key positions: first, last (negative counts from the end), step. [0,0,0] = no keys. */
  keys?: readonly [number, number, number];
  /**
   * Flags of the key spec generated from `keys` when `keySpecs` is not given (Redis names: RO, RW,
   * OW, RM, access, update, insert, delete, ...). Default: RO access for readonly, RW update for writes.
   */
  keySpecFlags?: readonly string[];
  /**
   * Redis 7 key specs, when one range from `keys` does not describe the command (SMOVE has two
   * specs, ZUNIONSTORE a keynum, XREAD a keyword). COMMAND INFO shows them and COMMAND GETKEYS uses them.
   */
  keySpecs?: readonly KeySpec[];
  /**
   * Key positions for commands whose keys no spec can find (SORT BY/GET, ...): indexes into argv
   * (flags of the first key spec), or {pos, flags} to give a key its own flags (SORT's STORE
   * destination is OW update); null when the arguments are invalid. Such commands are shown with the
   * 'movablekeys' flag.
   */
  getKeys?: (argv: readonly string[]) => (number | { pos: number; flags: readonly string[] })[] | null;
  run?: Handler;
  subcommands?: readonly CommandDef[];
}

/** A definition with its docs merged in (what the registry keeps). */
export type ResolvedDef = CommandDef & CommandDocs;

/** Docs of a group's commands by full name ("get", "client|kill"). */
export type GroupDocs = Readonly<Record<string, CommandDocs>>;

const GROUPS: ReadonlySet<string> = new Set<Group>(['generic', 'string', 'list', 'set', 'sorted-set', 'hash', 'pubsub', 'transactions', 'connection', 'server', 'scripting', 'hyperloglog', 'cluster', 'sentinel', 'geo', 'stream', 'bitmap', 'podium']);

/** A group's docs.json, checked: a malformed entry stops the server at start with the group and command named. */
export function groupDocs(groupName: string, json: unknown): GroupDocs {
  const bad = (name: string, what: string) => new Error(`${groupName}/docs.json: ${name}: ${what}`);
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  for (const [name, d] of Object.entries(json as Record<string, Record<string, unknown>>)) {
    if (!GROUPS.has(d.group as string)) throw bad(name, `unknown group ${String(d.group)}`);
    if (typeof d.summary !== 'string' || typeof d.since !== 'string') throw bad(name, 'summary and since are required');
    for (const f of ['complexity', 'deprecatedSince', 'replacedBy'] as const) if (d[f] !== undefined && typeof d[f] !== 'string') throw bad(name, `${f} is not a string`);
    for (const f of ['acl', 'aclCategories', 'tips', 'docFlags'] as const) if (d[f] !== undefined && !strings(d[f])) throw bad(name, `${f} is not a list of strings`);
    if (d.history !== undefined && !(Array.isArray(d.history) && d.history.every((h) => strings(h) && h.length === 2))) throw bad(name, 'history is not a list of [version, change]');
  }
  return json as GroupDocs;
}

/** A command group as the wiring hands it to the engine: its table and its docs. */
export interface CommandGroup {
  /** The group's folder name under server/commands (strings, sorted-sets, ...). */
  name: string;
  commands: readonly CommandDef[];
  docs: GroupDocs;
}

/** A Redis 7 key spec (COMMAND INFO "key specifications"). */
export interface KeySpec {
  /** RO, RW, OW, RM, access, update, insert, delete, not_key, incomplete, variable_flags. */
  flags: readonly string[];
  notes?: string;
  /**
   * Where the search starts: an argv index, or just after a keyword (searched from startFrom;
   * negative = from the end); 'unknown' when no spec can tell (SORT BY/GET: getKeys finds them).
   */
  begin: { index: number } | { keyword: string; startFrom: number } | 'unknown';
  /**
   * Which arguments are keys from there: a range (lastKey relative to the start, negative = from the
   * end of argv; keyStep; limit) or a count argument (keyNumIdx relative to the start, then firstKey
   * and keyStep relative to it).
   */
  find: { range: readonly [lastKey: number, keyStep: number, limit: number] } | { keynum: readonly [keyNumIdx: number, firstKey: number, keyStep: number] } | 'unknown';
}

export interface Command {
  def: ResolvedDef;
  /** "get", or "client|kill" for subcommands. */
  fullName: string;
  /** How errors name it: "get", "client|kill". */
  parent: Command | null;
  flags: number;
  arity: number;
  firstKey: number;
  lastKey: number;
  keyStep: number;
  run: Handler | null;
  subcommands: Map<string, Command> | null;
  // commandstats
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}

export function hasFlag(cmd: Command, f: Flag): boolean {
  return (cmd.flags & FLAG_BITS[f]) !== 0;
}
