/**
 * The parameter table: every name Redis 7.0 knows (CONFIG GET * of redis-server 7.0.15, plus its
 * hidden parameters and aliases), with Redis's types, bounds and defaults. `applies: true` = Podium
 * acts on it; the others are validated exactly as Redis validates them, stored and echoed back
 * ("accepted, no effect yet"), because tools and client libraries set them. The value syntax and
 * the special formats are in config-syntax.ts.
 */
import os from 'node:os';
import net from 'node:net';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type ParseContext,
  type Parsed,
  INT_MAX,
  INT_MIN,
  LLONG_MAX,
  UINT_MAX,
  ULLONG_MAX,
  baseNameOnly,
  parseBind,
  parseHostname,
  parseKeyspaceEvents,
  parseOomScoreAdjValues,
  parseOutputBufferLimit,
  parsePercentiles,
  parseProcTitleTemplate,
  parseReplicaOf,
  parseSave,
} from './config-syntax.ts';

export interface ParamDef {
  /** Canonical (lower-case) name. */
  name: string;
  /** Old names Redis 7.0 still accepts; each is its own entry for CONFIG GET and CONFIG SET. */
  aliases?: string[];
  /** int/memory: numbers (memory accepts units); enum: one of `values`; special: `parse`. */
  kind: 'bool' | 'int' | 'memory' | 'enum' | 'string' | 'special';
  /** As CONFIG GET prints it ('dir' is the working directory at start). */
  default: string;
  /** Only settable at start (config file, command line): "can't set immutable config". */
  immutable?: boolean;
  /** CONFIG SET refused unless enable-protected-configs allows it: "can't set protected config". */
  protected?: boolean;
  /** Not matched by CONFIG GET patterns, only by its exact name. */
  hidden?: boolean;
  /** Holds a secret (passwords). */
  sensitive?: boolean;
  /** Value is a list of words: CONFIG SET splits on single spaces, a config line takes them all. */
  multiArg?: boolean;
  /** int/memory bounds, inclusive. */
  min?: bigint;
  max?: bigint;
  /** Compared as unsigned 64-bit (a memory value past 2^63 is valid, e.g. maxmemory). */
  unsigned?: boolean;
  /** memory: also "N%" (stored negative, printed back as "N%"). */
  percent?: boolean;
  /** int written in octal (unixsocketperm). */
  octal?: boolean;
  /** The value Redis keeps after setting, e.g. hz is clamped to 1..500. */
  clamp?: [bigint, bigint];
  /** enum names in Redis's order (the error lists them so). */
  values?: string[];
  /** enum: numeric value per name when names share one (oom-score-adj yes = relative), or bit flags. */
  enumValues?: number[];
  /** enum that takes several names OR-ed together (shutdown-on-sigint). */
  bitflags?: boolean;
  /** special/string: canonical value or the reason it is refused. */
  parse?: (args: string[], ctx: ParseContext) => Parsed;
  /** Further check of a canonical value; `runtime` = CONFIG SET (not the config file). */
  check?: (value: string, runtime: boolean) => string | null;
  applies: boolean;
  /** One line for the README's configuration table (applies: false → "accepted, no effect yet"). */
  doc?: string;
}

type Opts = Partial<ParamDef>;
const bool = (name: string, def: 'yes' | 'no', o: Opts = {}): ParamDef => ({ name, kind: 'bool', default: def, applies: false, ...o });
const int = (name: string, def: string, min: bigint, max: bigint, o: Opts = {}): ParamDef => ({ name, kind: 'int', default: def, min, max, applies: false, ...o });
const mem = (name: string, def: string, min: bigint, max: bigint, o: Opts = {}): ParamDef => ({ name, kind: 'memory', default: def, min, max, applies: false, ...o });
const enm = (name: string, def: string, values: string[], o: Opts = {}): ParamDef => ({ name, kind: 'enum', default: def, values, applies: false, ...o });
const str = (name: string, def = '', o: Opts = {}): ParamDef => ({ name, kind: 'string', default: def, applies: false, ...o });
const special = (name: string, def: string, parse: ParamDef['parse'], o: Opts = {}): ParamDef => ({ name, kind: 'special', default: def, parse, applies: false, ...o });

const SHUTDOWN = { values: ['default', 'save', 'nosave', 'now', 'force'], enumValues: [0, 1, 2, 4, 8], bitflags: true, multiArg: true };
const shutdownCheck = (v: string) => (v.includes('nosave') && /\bsave\b/.test(v) ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : null);
const PROTECTED_ACTION = ['no', 'yes', 'local'];
const DEFRAG_UNSUPPORTED =
  'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution';

/** Podium has no TLS: turning it on live fails the way Redis fails without certificates. */
const TLS_UNAVAILABLE = (off: string) => (v: string, runtime: boolean) => (runtime && v !== off ? 'Unable to update TLS configuration. Check server logs.' : null);

/** CONFIG SET bind: Redis rebinds and fails on an address it cannot listen on; check the same up front. */
function bindCheck(value: string, runtime: boolean): string | null {
  if (!runtime || value === '') return null;
  const local = new Set(['0.0.0.0', '::', '*', '::*']);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) local.add(a.address);
  const seen = new Set<string>();
  for (const word of value.split(' ')) {
    const optional = word.startsWith('-');
    const addr = optional ? word.slice(1) : word;
    const valid = addr === '*' || addr === '::*' || net.isIP(addr) !== 0;
    if (!valid || (!optional && (!local.has(addr) || seen.has(addr)))) return 'Failed to bind to specified addresses.';
    seen.add(addr);
  }
  return null;
}

/** dir: Redis chdir()s to it and reports strerror(); Podium keeps the absolute path instead. */
function parseDir(args: string[]): Parsed {
  const dir = resolve(args[0]);
  try {
    if (!statSync(dir).isDirectory()) return { error: 'Not a directory' };
  } catch {
    return { error: 'No such file or directory' };
  }
  return { value: dir };
}

export const PARAMS: ParamDef[] = [
  // ---- what Podium acts on ----
  int('port', '6379', 0n, 65535n, { applies: true, doc: 'TCP port for RESP (0 = an ephemeral port)' }),
  special('bind', '127.0.0.1', parseBind, { multiArg: true, check: bindCheck, applies: true, doc: 'addresses to listen on (the first one is used)' }),
  str('requirepass', '', { sensitive: true, applies: true, doc: 'password of the default user (AUTH)' }),
  int('databases', '16', 1n, INT_MAX, { immutable: true, applies: true, doc: 'number of databases (SELECT 0..N-1)' }),
  int('maxclients', '10000', 1n, UINT_MAX, { unsigned: true, applies: true, doc: 'connections beyond this are refused' }),
  int('timeout', '0', 0n, INT_MAX, { applies: true, doc: 'close idle clients after N seconds (0 = never)' }),
  int('hz', '10', 0n, INT_MAX, { clamp: [1n, 500n], applies: true, doc: 'background tasks per second (active expiry, idle clients)' }),
  mem('proto-max-bulk-len', '536870912', 1024n * 1024n, LLONG_MAX, { applies: true, doc: 'largest bulk string accepted and largest string value' }),
  mem('client-query-buffer-limit', '1073741824', 1024n * 1024n, LLONG_MAX, { applies: true, doc: 'largest unparsed input a client may hold' }),
  special('client-output-buffer-limit', 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60', (a, ctx) => parseOutputBufferLimit(a, ctx.current), {
    multiArg: true,
    applies: true,
    doc: 'disconnect clients whose pending output passes hard, or soft for soft-seconds',
  }),
  int('slowlog-log-slower-than', '10000', -1n, LLONG_MAX, { applies: true, doc: 'SLOWLOG threshold in microseconds (-1 = off)' }),
  int('slowlog-max-len', '128', 0n, LLONG_MAX, { applies: true, doc: 'SLOWLOG entries kept' }),

  // ---- encodings ----
  int('hash-max-listpack-entries', '512', 0n, LLONG_MAX, { aliases: ['hash-max-ziplist-entries'], unsigned: true }),
  mem('hash-max-listpack-value', '64', 0n, LLONG_MAX, { aliases: ['hash-max-ziplist-value'], unsigned: true }),
  int('set-max-intset-entries', '512', 0n, LLONG_MAX, { unsigned: true }),
  int('zset-max-listpack-entries', '128', 0n, LLONG_MAX, { aliases: ['zset-max-ziplist-entries'], unsigned: true }),
  mem('zset-max-listpack-value', '64', 0n, LLONG_MAX, { aliases: ['zset-max-ziplist-value'], unsigned: true }),
  int('list-max-listpack-size', '-2', INT_MIN, INT_MAX, { aliases: ['list-max-ziplist-size'] }),
  int('list-compress-depth', '0', 0n, INT_MAX),
  mem('stream-node-max-bytes', '4096', 0n, LLONG_MAX, { unsigned: true }),
  int('stream-node-max-entries', '100', 0n, LLONG_MAX),
  mem('hll-sparse-max-bytes', '3000', 0n, LLONG_MAX, { unsigned: true }),
  bool('activerehashing', 'yes'),

  // ---- memory and eviction ----
  mem('maxmemory', '0', 0n, ULLONG_MAX, { unsigned: true, applies: true, doc: 'memory limit for the dataset estimate plus client buffers (0 = none; docs/eviction.md)' }),
  enm('maxmemory-policy', 'noeviction', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'], { applies: true, doc: 'what to evict when over maxmemory' }),
  int('maxmemory-samples', '5', 1n, INT_MAX, { applies: true, doc: 'keys sampled per eviction round' }),
  int('maxmemory-eviction-tenacity', '10', 0n, 100n, { applies: true, doc: 'eviction work per command before a background timer takes over' }),
  mem('maxmemory-clients', '0', -100n, LLONG_MAX, { percent: true }),
  int('lfu-log-factor', '10', 0n, INT_MAX, { applies: true, doc: 'LFU counter growth' }),
  int('lfu-decay-time', '1', 0n, INT_MAX, { applies: true, doc: 'LFU counter decay, minutes' }),
  bool('lazyfree-lazy-eviction', 'no'),
  bool('lazyfree-lazy-expire', 'no'),
  bool('lazyfree-lazy-server-del', 'no'),
  bool('lazyfree-lazy-user-del', 'no'),
  bool('lazyfree-lazy-user-flush', 'no'),
  int('active-expire-effort', '1', 1n, 10n),
  bool('activedefrag', 'no', { check: (v) => (v === 'yes' ? DEFRAG_UNSUPPORTED : null) }),
  mem('active-defrag-ignore-bytes', '104857600', 1n, LLONG_MAX, { unsigned: true }),
  int('active-defrag-threshold-lower', '10', 0n, 1000n),
  int('active-defrag-threshold-upper', '100', 0n, 1000n),
  int('active-defrag-cycle-min', '1', 1n, 99n),
  int('active-defrag-cycle-max', '25', 1n, 99n),
  int('active-defrag-max-scan-fields', '1000', 1n, LLONG_MAX),
  bool('jemalloc-bg-thread', 'yes'),
  int('tracking-table-max-keys', '1000000', 0n, LLONG_MAX, { unsigned: true }),

  // ---- keyspace events, latency, slow commands ----
  special('notify-keyspace-events', '', parseKeyspaceEvents, { applies: true, doc: 'keyspace notification classes (docs/pubsub.md)' }),
  int('latency-monitor-threshold', '0', 0n, LLONG_MAX),
  bool('latency-tracking', 'yes'),
  special('latency-tracking-info-percentiles', '50 99 99.9', parsePercentiles, { multiArg: true }),
  int('busy-reply-threshold', '5000', 0n, LLONG_MAX, { aliases: ['lua-time-limit'] }),
  int('acllog-max-len', '128', 0n, LLONG_MAX, { unsigned: true }),
  str('aclfile', '', { immutable: true }),
  enm('acl-pubsub-default', 'resetchannels', ['allchannels', 'resetchannels']),

  // ---- persistence ----
  special('save', '3600 1 300 100 60 10000', parseSave, { multiArg: true }),
  special('dir', '', parseDir, { protected: true }),
  special('dbfilename', 'dump.rdb', baseNameOnly('dbfilename', 'filename'), { protected: true }),
  bool('rdbcompression', 'yes'),
  bool('rdbchecksum', 'yes', { immutable: true }),
  bool('rdb-del-sync-files', 'no'),
  bool('rdb-save-incremental-fsync', 'yes'),
  bool('stop-writes-on-bgsave-error', 'yes'),
  enm('sanitize-dump-payload', 'no', ['no', 'yes', 'clients']),
  bool('appendonly', 'no'),
  special('appendfilename', 'appendonly.aof', baseNameOnly('appendfilename', 'filename'), { immutable: true }),
  special('appenddirname', 'appendonlydir', baseNameOnly('appenddirname', 'dirname'), { immutable: true }),
  enm('appendfsync', 'everysec', ['everysec', 'always', 'no']),
  bool('no-appendfsync-on-rewrite', 'no'),
  int('auto-aof-rewrite-percentage', '100', 0n, INT_MAX),
  mem('auto-aof-rewrite-min-size', '67108864', 0n, LLONG_MAX),
  bool('aof-load-truncated', 'yes'),
  bool('aof-use-rdb-preamble', 'yes'),
  bool('aof-rewrite-incremental-fsync', 'yes'),
  bool('aof-timestamp-enabled', 'no'),
  bool('aof-disable-auto-gc', 'no'),

  // ---- replication ----
  special('replicaof', '', parseReplicaOf, { aliases: ['slaveof'], immutable: true, multiArg: true }),
  str('masterauth', '', { sensitive: true }),
  str('masteruser', ''),
  bool('replica-serve-stale-data', 'yes', { aliases: ['slave-serve-stale-data'] }),
  bool('replica-read-only', 'yes', { aliases: ['slave-read-only'] }),
  bool('replica-ignore-maxmemory', 'yes', { aliases: ['slave-ignore-maxmemory'] }),
  bool('replica-lazy-flush', 'no', { aliases: ['slave-lazy-flush'] }),
  int('replica-priority', '100', 0n, INT_MAX, { aliases: ['slave-priority'] }),
  str('replica-announce-ip', '', { aliases: ['slave-announce-ip'] }),
  int('replica-announce-port', '0', 0n, 65535n, { aliases: ['slave-announce-port'] }),
  bool('replica-announced', 'yes'),
  bool('replica-ignore-disk-write-errors', 'no'),
  int('min-replicas-to-write', '0', 0n, INT_MAX, { aliases: ['min-slaves-to-write'] }),
  int('min-replicas-max-lag', '10', 0n, INT_MAX, { aliases: ['min-slaves-max-lag'] }),
  int('repl-ping-replica-period', '10', 1n, INT_MAX, { aliases: ['repl-ping-slave-period'] }),
  int('repl-timeout', '60', 1n, INT_MAX),
  bool('repl-disable-tcp-nodelay', 'no'),
  mem('repl-backlog-size', '1048576', 1n, LLONG_MAX, { clamp: [16384n, LLONG_MAX] }), // resizeReplicationBacklog's minimum
  int('repl-backlog-ttl', '3600', 0n, LLONG_MAX),
  bool('repl-diskless-sync', 'yes'),
  int('repl-diskless-sync-delay', '5', 0n, INT_MAX),
  int('repl-diskless-sync-max-replicas', '0', 0n, INT_MAX),
  enm('repl-diskless-load', 'disabled', ['disabled', 'on-empty-db', 'swapdb']),
  enm('propagation-error-behavior', 'ignore', ['ignore', 'panic', 'panic-on-replicas']),

  // ---- network and process ----
  int('tcp-backlog', '511', 0n, INT_MAX, { immutable: true }),
  int('tcp-keepalive', '300', 0n, INT_MAX),
  str('unixsocket', '', { immutable: true }),
  int('unixsocketperm', '0', 0n, 0o777n, { immutable: true, octal: true, unsigned: true }),
  int('socket-mark-id', '0', 0n, UINT_MAX, { immutable: true, unsigned: true }),
  str('bind-source-addr', ''),
  bool('protected-mode', 'yes'),
  enm('enable-protected-configs', 'no', PROTECTED_ACTION, { immutable: true }),
  enm('enable-debug-command', 'no', PROTECTED_ACTION, { immutable: true }),
  enm('enable-module-command', 'no', PROTECTED_ACTION, { immutable: true }),
  int('io-threads', '1', 1n, 128n, { immutable: true }),
  bool('io-threads-do-reads', 'no', { immutable: true }),
  bool('daemonize', 'no', { immutable: true }),
  enm('supervised', 'no', ['upstart', 'systemd', 'auto', 'no'], { immutable: true }),
  str('pidfile', '', { immutable: true }),
  enm('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning']),
  str('logfile', '', { immutable: true }),
  bool('syslog-enabled', 'no', { immutable: true }),
  str('syslog-ident', 'redis', { immutable: true }),
  enm('syslog-facility', 'local0', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], { immutable: true }),
  bool('crash-log-enabled', 'yes'),
  bool('crash-memcheck-enabled', 'yes'),
  bool('always-show-logo', 'no', { immutable: true }),
  bool('set-proc-title', 'yes', { immutable: true }),
  special('proc-title-template', '{title} {listen-addr} {server-mode}', parseProcTitleTemplate),
  bool('dynamic-hz', 'yes'),
  bool('disable-thp', 'yes', { immutable: true }),
  enm('oom-score-adj', 'no', ['no', 'yes', 'relative', 'absolute'], { enumValues: [0, 1, 1, 2] }),
  special('oom-score-adj-values', '0 200 800', parseOomScoreAdjValues, { multiArg: true }),
  str('server_cpulist', '', { immutable: true }),
  str('bio_cpulist', '', { immutable: true }),
  str('aof_rewrite_cpulist', '', { immutable: true }),
  str('bgsave_cpulist', '', { immutable: true }),
  str('ignore-warnings', ''),
  enm('shutdown-on-sigint', 'default', SHUTDOWN.values, { ...SHUTDOWN, check: shutdownCheck }),
  enm('shutdown-on-sigterm', 'default', SHUTDOWN.values, { ...SHUTDOWN, check: shutdownCheck }),
  int('shutdown-timeout', '10', 0n, INT_MAX),

  // ---- cluster ----
  bool('cluster-enabled', 'no', { immutable: true }),
  str('cluster-config-file', 'nodes.conf', { immutable: true }),
  int('cluster-port', '0', 0n, 65535n, { immutable: true }),
  int('cluster-node-timeout', '15000', 0n, LLONG_MAX),
  int('cluster-migration-barrier', '1', 0n, INT_MAX),
  int('cluster-replica-validity-factor', '10', 0n, INT_MAX, { aliases: ['cluster-slave-validity-factor'] }),
  bool('cluster-replica-no-failover', 'no', { aliases: ['cluster-slave-no-failover'] }),
  bool('cluster-require-full-coverage', 'yes'),
  bool('cluster-allow-reads-when-down', 'no'),
  bool('cluster-allow-pubsubshard-when-down', 'yes'),
  bool('cluster-allow-replica-migration', 'yes'),
  str('cluster-announce-ip', ''),
  special('cluster-announce-hostname', '', parseHostname),
  int('cluster-announce-port', '0', 0n, 65535n),
  int('cluster-announce-bus-port', '0', 0n, 65535n),
  int('cluster-announce-tls-port', '0', 0n, 65535n),
  enm('cluster-preferred-endpoint-type', 'ip', ['ip', 'hostname', 'unknown-endpoint']),
  mem('cluster-link-sendbuf-limit', '0', 0n, ULLONG_MAX, { unsigned: true }),

  // ---- TLS ----
  int('tls-port', '0', 0n, 65535n, { check: TLS_UNAVAILABLE('0') }),
  str('tls-cert-file', ''),
  str('tls-key-file', ''),
  str('tls-key-file-pass', '', { sensitive: true }),
  str('tls-client-cert-file', ''),
  str('tls-client-key-file', ''),
  str('tls-client-key-file-pass', '', { sensitive: true }),
  str('tls-dh-params-file', ''),
  str('tls-ca-cert-file', ''),
  str('tls-ca-cert-dir', ''),
  str('tls-protocols', ''),
  str('tls-ciphers', ''),
  str('tls-ciphersuites', ''),
  bool('tls-prefer-server-ciphers', 'no'),
  bool('tls-session-caching', 'yes'),
  int('tls-session-cache-size', '20480', 0n, INT_MAX),
  int('tls-session-cache-timeout', '300', 0n, INT_MAX),
  enm('tls-auth-clients', 'yes', ['no', 'yes', 'optional']),
  bool('tls-replication', 'no', { check: TLS_UNAVAILABLE('no') }),
  bool('tls-cluster', 'no', { check: TLS_UNAVAILABLE('no') }),

  // ---- hidden (testing and debugging knobs; CONFIG GET needs the exact name) ----
  int('key-load-delay', '0', INT_MIN, INT_MAX, { hidden: true }),
  int('rdb-key-save-delay', '0', INT_MIN, INT_MAX, { hidden: true }),
  int('loading-process-events-interval-bytes', '2097152', 1024n, INT_MAX, { hidden: true }),
  bool('use-exit-on-panic', 'no', { hidden: true }),
  int('watchdog-period', '0', 0n, INT_MAX, { hidden: true }),
  bool('lua-enable-deprecated-api', 'no', { hidden: true, immutable: true }),

  // ---- Podium's WebSocket/HTTP gateway (docs/gateway.md). Hidden so CONFIG GET * stays Redis's;
  // CONFIG GET/SET by exact name, the config file and --flags work as for any parameter. ----
  int('http-port', '8080', -1n, 65535n, { hidden: true, immutable: true, applies: true, doc: 'HTTP/WebSocket gateway port (0 = disabled, -1 = an ephemeral port)' }),
  str('http-bind', '127.0.0.1', { hidden: true, immutable: true, applies: true, doc: 'address of the HTTP/WebSocket gateway' }),
  mem('gateway-max-payload', '1048576', 1024n, 1073741824n, { hidden: true, immutable: true, applies: true, doc: 'largest WebSocket message / HTTP body' }),
  int('gateway-max-connections', '10000', 1n, INT_MAX, { hidden: true, applies: true, doc: 'open WebSocket connections at most' }),
  int('gateway-idle-timeout', '0', 0n, INT_MAX, { hidden: true, applies: true, doc: 'seconds without a message in either direction before a WebSocket is closed (0 = never)' }),
  int('gateway-rate-limit', '0', 0n, INT_MAX, { hidden: true, applies: true, doc: 'commands per second per WebSocket connection (0 = unlimited)' }),
  mem('gateway-max-backpressure', '67108864', 65536n, 4294967295n, { hidden: true, immutable: true, applies: true, doc: 'bytes buffered for a slow WebSocket reader before it is closed' }),

  // ---- Podium's live subscriptions (docs/live.md), hidden for the same reason ----
  int('live-tick-ms', '50', 1n, 60000n, { hidden: true, applies: true, doc: 'default tick of live watches: changes are coalesced and sent at most once per tick' }),
  int('live-retention-ms', '30000', 0n, 86400000n, { hidden: true, applies: true, doc: 'how long a live subscription outlives its connection, waiting for LIVE.RESUME' }),
  int('live-replay-pushes', '1000', 0n, 1000000n, { hidden: true, applies: true, doc: 'pushes kept per live subscription for LIVE.RESUME' }),
  mem('live-replay-bytes', '1048576', 0n, 1073741824n, { hidden: true, applies: true, doc: 'bytes of pushes kept per live subscription for LIVE.RESUME' }),
  mem('live-max-buffer', '1048576', 0n, LLONG_MAX, { hidden: true, applies: true, doc: 'output a live subscriber may have pending before it counts as behind (0 = no limit)' }),
];

/** Directives Redis 7.0 still reads from a config file and ignores (with a warning). */
export const DEPRECATED_DIRECTIVES = new Set(['list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands']);

/** The README line for a parameter. */
export function paramDoc(p: ParamDef): string {
  return p.applies ? (p.doc ?? '') : 'accepted, no effect yet';
}

/**
 * The configuration reference (docs/configuration.md): Redis's parameters (what Podium acts on
 * first), then Podium's own (hidden from CONFIG GET * so that it lists exactly Redis's names).
 */
export function paramsMarkdown(): string {
  const byUse = (x: ParamDef, y: ParamDef) => Number(y.applies) - Number(x.applies) || x.name.localeCompare(y.name);
  const table = (rows: ParamDef[]) => {
    const cell = (s: string) => (s === '' ? '""' : '`' + s + '`');
    const lines = ['| parameter | default | |', '|---|---|---|'];
    for (const p of rows) {
      const name = [p.name, ...(p.aliases ?? [])].map((n) => '`' + n + '`').join(' / ');
      const def = p.name === 'dir' ? 'working directory' : cell(p.default);
      lines.push(`| ${name} | ${def} | ${paramDoc(p)}${p.immutable ? ' (start only)' : ''} |`);
    }
    return lines.join('\n');
  };
  return [
    '# Configuration parameters',
    '',
    'Generated from `server/config-params.ts` (`paramsMarkdown()`; `npm run docs:config` rewrites this file).',
    '',
    "## Redis's parameters",
    '',
    'Parameters Podium acts on come first; the rest are validated as Redis 7.0 validates them, stored and',
    'echoed by CONFIG GET, with no effect yet.',
    '',
    table(PARAMS.filter((p) => !p.hidden).sort(byUse)),
    '',
    "## Podium's own parameters",
    '',
    'Set them like any other (config file, `--name value`, `CONFIG SET name value` unless start only);',
    '`CONFIG GET` needs the exact name, since `CONFIG GET *` lists exactly what Redis 7.0 lists.',
    '',
    table(PARAMS.filter((p) => p.hidden && p.applies).sort(byUse)),
    '',
  ].join('\n');
}
