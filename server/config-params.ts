/**
 * The parameter table. `applies: true` = Podium acts on it; false = validated, stored and echoed
 * (Redis encoding thresholds and the like, which mean nothing to Podium's structures).
 */
export interface ParamDef {
  name: string;
  aliases?: string[];
  kind: 'bool' | 'int' | 'memory' | 'enum' | 'string';
  default: string;
  immutable?: boolean;
  min?: number;
  max?: number;
  values?: string[];
  /** Repeated directives in a config file add up (save points, output buffer classes). */
  accumulate?: boolean;
  /** For 'string' kinds: canonical form, or an error. */
  validate?: (v: string) => string | { error: string };
  applies: boolean;
  /** One line for the README's configuration table. */
  doc?: string;
}

const LLMAX = Number.MAX_SAFE_INTEGER;

export const PARAMS: ParamDef[] = [
  { name: 'port', kind: 'int', default: '6379', min: 0, max: 65535, immutable: false, applies: true, doc: 'TCP port for RESP (0 disables TCP)' },
  { name: 'bind', kind: 'string', default: '127.0.0.1', applies: true, doc: 'addresses to listen on' },
  { name: 'requirepass', kind: 'string', default: '', applies: true, doc: 'password of the default user' },
  { name: 'databases', kind: 'int', default: '16', min: 1, max: 2147483647, immutable: true, applies: true },
  { name: 'maxclients', kind: 'int', default: '10000', min: 1, max: 2147483647, applies: true },
  { name: 'timeout', kind: 'int', default: '0', min: 0, max: 2147483647, applies: true, doc: 'close idle clients after N seconds (0 = never)' },
  { name: 'hz', kind: 'int', default: '10', min: 0, max: 2147483647, applies: true, doc: 'background tasks per second (active expiry)' },
  { name: 'proto-max-bulk-len', kind: 'memory', default: '536870912', min: 1024 * 1024, max: LLMAX, applies: true },
  { name: 'client-query-buffer-limit', kind: 'memory', default: '1073741824', min: 1024 * 1024, max: LLMAX, applies: true },
  {
    name: 'client-output-buffer-limit',
    kind: 'string',
    default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    accumulate: true,
    applies: true,
  },
  { name: 'slowlog-log-slower-than', kind: 'int', default: '10000', min: -1, max: LLMAX, applies: true },
  { name: 'slowlog-max-len', kind: 'int', default: '128', min: 0, max: LLMAX, applies: true },
  { name: 'hash-max-listpack-entries', aliases: ['hash-max-ziplist-entries'], kind: 'memory', default: '128', min: 0, max: LLMAX, applies: false },
  { name: 'hash-max-listpack-value', aliases: ['hash-max-ziplist-value'], kind: 'memory', default: '64', min: 0, max: LLMAX, applies: false },
  { name: 'set-max-intset-entries', kind: 'memory', default: '512', min: 0, max: LLMAX, applies: false },
  { name: 'zset-max-listpack-entries', aliases: ['zset-max-ziplist-entries'], kind: 'memory', default: '128', min: 0, max: LLMAX, applies: false },
  { name: 'zset-max-listpack-value', aliases: ['zset-max-ziplist-value'], kind: 'memory', default: '64', min: 0, max: LLMAX, applies: false },
  { name: 'list-max-listpack-size', aliases: ['list-max-ziplist-size'], kind: 'int', default: '-2', min: -2147483648, max: 2147483647, applies: false },
  { name: 'list-compress-depth', kind: 'int', default: '0', min: 0, max: 2147483647, applies: false },
  { name: 'stream-node-max-bytes', kind: 'memory', default: '4096', min: 0, max: LLMAX, applies: false },
  { name: 'stream-node-max-entries', kind: 'int', default: '100', min: 0, max: 9223372036854775807, applies: false },
  { name: 'maxmemory', kind: 'memory', default: '0', min: 0, max: LLMAX, applies: false },
  { name: 'save', kind: 'string', default: '3600 1 300 100 60 10000', accumulate: true, applies: false },
  { name: 'appendonly', kind: 'bool', default: 'no', applies: false },
  { name: 'dir', kind: 'string', default: '.', applies: false },
  { name: 'notify-keyspace-events', kind: 'string', default: '', applies: false },
];
