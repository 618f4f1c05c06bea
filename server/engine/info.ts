/**
 * INFO: Redis 7.0's sections and field names, in Redis's order, "# Section" headers and CRLF line
 * ends, so tools that parse INFO (redis-cli, exporters, client libraries) read Podium's numbers.
 * Fields Podium has no equivalent for (forks, allocator internals, defrag, ...) keep the value Redis
 * shows when the feature is idle. Other modules can supply a whole section (setInfoSection, e.g.
 * replication or persistence) or single fields (setInfoField, e.g. pubsub_channels).
 */
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Engine } from './engine.ts';
import type { Client } from './client.ts';
import { configString } from './latency.ts';

type Fields = [string, string | number][];
type SectionFn = (e: Engine, c: Client) => Fields;

/** Podium's own version (package.json), reported as podium_version next to redis_version. */
const PODIUM_VERSION: string = (() => {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** Per-engine identity and peaks that Redis keeps in its server struct. */
interface InfoState {
  runId: string;
  replId: string;
  peakMemory: number;
  maxInput: number;
  maxOutput: number;
}

const states = new WeakMap<Engine, InfoState>();

function state(e: Engine): InfoState {
  let s = states.get(e);
  if (s === undefined) {
    s = { runId: randomBytes(20).toString('hex'), replId: randomBytes(20).toString('hex'), peakMemory: 0, maxInput: 0, maxOutput: 0 };
    states.set(e, s);
  }
  return s;
}

/** The Redis version Podium answers as (HELLO, INFO), so client libraries pick Redis 7.0 behaviour. */
export const REDIS_VERSION = '7.0.15';

export function runId(e: Engine): string {
  return state(e).runId;
}

export function replicationId(e: Engine): string {
  return state(e).replId;
}

const sectionOverrides = new Map<string, SectionFn>();
const fieldOverrides = new Map<string, (e: Engine) => string | number>();

/** Replaces the fields of a section (lower-case name, e.g. 'replication'). */
export function setInfoSection(name: string, fn: SectionFn): void {
  sectionOverrides.set(name, fn);
}

/** Replaces the value of one field wherever it appears (e.g. 'pubsub_channels'). */
export function setInfoField(name: string, fn: (e: Engine) => string | number): void {
  fieldOverrides.set(name, fn);
}

/** The memory Podium counts as used (INFO used_memory; maxmemory decisions should agree with it). */
export function usedMemory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** bytesToHuman */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  const units = ['K', 'M', 'G', 'T', 'P'];
  let d = n / 1024;
  let i = 0;
  while (d >= 1024 && i < units.length - 1) {
    d /= 1024;
    i++;
  }
  return `${d.toFixed(2)}${units[i]}`;
}

/** The time LASTSAVE reports: no save has happened yet, so the server start (as in Redis). */
export function lastSaveTime(e: Engine): number {
  return Math.floor(e.stats.startTime / 1000);
}

/** The TCP port clients reach us on: the local port of a TCP connection (config may say 0). */
function tcpPort(e: Engine, c: Client): number {
  const fromLaddr = (cl: Client) => {
    if (cl.link.kind !== 'tcp') return -1;
    const i = cl.link.laddr.lastIndexOf(':');
    return i < 0 ? -1 : Number(cl.link.laddr.slice(i + 1));
  };
  let p = fromLaddr(c);
  if (p > 0) return p;
  for (const cl of e.clients.values()) if ((p = fromLaddr(cl)) > 0) return p;
  return e.config.int('port');
}

function cpuSeconds(us: number): string {
  return (us / 1e6).toFixed(6);
}

function serverSection(e: Engine, c: Client): Fields {
  const now = e.clock.now();
  const uptime = Math.floor((now - e.stats.startTime) / 1000);
  const hz = e.config.int('hz');
  const main = process.argv[1] ?? process.execPath;
  return [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', 'standalone'],
    ['os', `${os.type()} ${os.release()} ${os.machine()}`],
    ['arch_bits', process.arch.endsWith('64') ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', process.platform === 'linux' ? 'epoll' : process.platform === 'win32' ? 'iocp' : 'kqueue'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', runId(e)],
    ['tcp_port', tcpPort(e, c)],
    ['server_time_usec', now * 1000],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', hz],
    ['configured_hz', hz],
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', path.resolve(main)],
    ['config_file', e.config.file === '' ? '' : path.resolve(e.config.file)],
    ['io_threads_active', 0],
    ['podium_version', PODIUM_VERSION],
  ];
}

function clientsSection(e: Engine): Fields {
  const s = state(e);
  let connected = 0;
  let inTimeoutTable = 0;
  let maxIn = 0;
  let maxOut = 0;
  for (const cl of e.clients.values()) {
    if (cl.internal) continue;
    if (cl.link.kind !== 'replica') connected++;
    if (cl.blocked !== null && cl.blocked.timeoutAt > 0) inTimeoutTable++;
    maxIn = Math.max(maxIn, cl.link.inputBytes());
    maxOut = Math.max(maxOut, cl.link.outputBytes());
  }
  s.maxInput = maxIn;
  s.maxOutput = maxOut;
  return [
    ['connected_clients', connected],
    ['cluster_connections', 0],
    ['maxclients', e.config.int('maxclients')],
    ['client_recent_max_input_buffer', maxIn],
    ['client_recent_max_output_buffer', maxOut],
    ['blocked_clients', e.blocking.waiting],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', inTimeoutTable],
  ];
}

function memorySection(e: Engine): Fields {
  const s = state(e);
  const m = process.memoryUsage();
  const used = m.heapUsed + m.external;
  if (used > s.peakMemory) s.peakMemory = used;
  let clientsMem = 0;
  for (const cl of e.clients.values()) if (!cl.internal) clientsMem += cl.link.inputBytes() + cl.link.outputBytes();
  const overhead = clientsMem;
  const dataset = Math.max(0, used - overhead);
  const maxmemory = e.config.int('maxmemory');
  const total = os.totalmem();
  const pct = (a: number, b: number) => (b > 0 ? ((a * 100) / b).toFixed(2) : '0.00') + '%';
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '0.00');
  return [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', m.rss],
    ['used_memory_rss_human', bytesToHuman(m.rss)],
    ['used_memory_peak', s.peakMemory],
    ['used_memory_peak_human', bytesToHuman(s.peakMemory)],
    ['used_memory_peak_perc', pct(used, s.peakMemory)],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', 0],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', pct(dataset, used)],
    ['allocator_allocated', m.heapUsed],
    ['allocator_active', m.heapTotal],
    ['allocator_resident', m.rss],
    ['total_system_memory', total],
    ['total_system_memory_human', bytesToHuman(total)],
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', configString(e.config, 'maxmemory-policy', 'noeviction')],
    ['allocator_frag_ratio', ratio(m.heapTotal, m.heapUsed)],
    ['allocator_frag_bytes', m.heapTotal - m.heapUsed],
    ['allocator_rss_ratio', ratio(m.rss, m.heapTotal)],
    ['allocator_rss_bytes', m.rss - m.heapTotal],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', ratio(m.rss, used)],
    ['mem_fragmentation_bytes', m.rss - used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', clientsMem],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', 'libc'],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ];
}

function persistenceSection(e: Engine): Fields {
  return [
    ['loading', e.loading ? 1 : 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', e.dirty],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', lastSaveTime(e)],
    ['rdb_last_bgsave_status', 'ok'],
    ['rdb_last_bgsave_time_sec', -1],
    ['rdb_current_bgsave_time_sec', -1],
    ['rdb_saves', 0],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', e.config.bool('appendonly') ? 1 : 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
}

/** Redis's instantaneous metric: the mean of the last 16 samples (missing samples count as 0). */
function instantaneous(samples: readonly number[]): number {
  let sum = 0;
  for (const s of samples) sum += Math.floor(s);
  return Math.floor(sum / 16);
}

function statsSection(e: Engine): Fields {
  const st = e.stats;
  return [
    ['total_connections_received', st.connectionsReceived],
    ['total_commands_processed', st.commandsProcessed],
    ['instantaneous_ops_per_sec', instantaneous(st.opsSamples)],
    ['total_net_input_bytes', st.netInputBytes],
    ['total_net_output_bytes', st.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', '0.00'],
    ['instantaneous_output_kbps', '0.00'],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', st.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', st.expiredKeys],
    ['expired_stale_perc', (st.expiredStalePerc * 100).toFixed(2)],
    ['expired_time_cap_reached_count', st.expiredTimeCapReached],
    ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', st.evictedKeys],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', st.keyspaceHits],
    ['keyspace_misses', st.keyspaceMisses],
    ['pubsub_channels', 0],
    ['pubsub_patterns', 0],
    ['pubsubshard_channels', 0],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', 0],
    ['tracking_total_items', 0],
    ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', st.unexpectedErrorReplies],
    ['total_error_replies', st.totalErrorReplies],
    ['dump_payload_sanitizations', 0],
    ['total_reads_processed', 0],
    ['total_writes_processed', 0],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
  ];
}

function replicationSection(e: Engine): Fields {
  return [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', replicationId(e)],
    ['master_replid2', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', e.config.def('repl-backlog-size') !== undefined ? e.config.int('repl-backlog-size') : 1048576],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ];
}

function cpuSection(): Fields {
  const u = process.cpuUsage();
  return [
    ['used_cpu_sys', cpuSeconds(u.system)],
    ['used_cpu_user', cpuSeconds(u.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', cpuSeconds(u.system)],
    ['used_cpu_user_main_thread', cpuSeconds(u.user)],
  ];
}

function commandstatsSection(e: Engine): Fields {
  const out: Fields = [];
  for (const cmd of e.registry.all()) {
    if (cmd.calls === 0 && cmd.failedCalls === 0 && cmd.rejectedCalls === 0) continue;
    const usec = Math.round(cmd.usec);
    const perCall = cmd.calls === 0 ? 0 : usec / cmd.calls;
    out.push([
      `cmdstat_${cmd.fullName}`,
      `calls=${cmd.calls},usec=${usec},usec_per_call=${perCall.toFixed(2)},rejected_calls=${cmd.rejectedCalls},failed_calls=${cmd.failedCalls}`,
    ]);
  }
  return out;
}

function errorstatsSection(e: Engine): Fields {
  const codes = [...e.stats.errorReplies.keys()].sort();
  return codes.map((code) => [`errorstat_${code}`, `count=${e.stats.errorReplies.get(code)}`]);
}

/** printf("%f") with trailing zeros trimmed, as Redis labels percentiles (50, 99, 99.9). */
function percentileLabel(p: number): string {
  return p.toFixed(6).replace(/\.?0+$/, '');
}

function latencystatsSection(e: Engine): Fields {
  const out: Fields = [];
  const ps = e.latency.infoPercentiles();
  for (const cmd of e.registry.all()) {
    const h = e.latency.histograms.get(cmd);
    if (h === undefined || h.total === 0) continue;
    const parts = ps.map((p) => `p${percentileLabel(p)}=${(h.valueAtPercentile(p) / 1000).toFixed(3)}`);
    out.push([`latency_percentiles_usec_${cmd.fullName}`, parts.join(',')]);
  }
  return out;
}

function keyspaceSection(e: Engine): Fields {
  const out: Fields = [];
  for (const db of e.keyspace.dbs) {
    if (db.size === 0) continue;
    out.push([`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${Math.floor(db.avgTtl)}`]);
  }
  return out;
}

interface Section {
  name: string;
  title: string;
  inDefault: boolean;
  fn: SectionFn;
}

const SECTIONS: Section[] = [
  { name: 'server', title: 'Server', inDefault: true, fn: serverSection },
  { name: 'clients', title: 'Clients', inDefault: true, fn: clientsSection },
  { name: 'memory', title: 'Memory', inDefault: true, fn: memorySection },
  { name: 'persistence', title: 'Persistence', inDefault: true, fn: persistenceSection },
  { name: 'stats', title: 'Stats', inDefault: true, fn: statsSection },
  { name: 'replication', title: 'Replication', inDefault: true, fn: replicationSection },
  { name: 'cpu', title: 'CPU', inDefault: true, fn: cpuSection },
  { name: 'modules', title: 'Modules', inDefault: true, fn: () => [] },
  { name: 'commandstats', title: 'Commandstats', inDefault: false, fn: commandstatsSection },
  { name: 'errorstats', title: 'Errorstats', inDefault: true, fn: errorstatsSection },
  { name: 'latencystats', title: 'Latencystats', inDefault: false, fn: latencystatsSection },
  { name: 'cluster', title: 'Cluster', inDefault: true, fn: () => [['cluster_enabled', 0]] },
  { name: 'keyspace', title: 'Keyspace', inDefault: true, fn: keyspaceSection },
];

/**
 * The INFO text for the requested section names (INFO's arguments; none = "default"). Unknown
 * names are ignored, as in Redis, which may leave the text empty.
 */
export function infoText(e: Engine, c: Client, names: readonly string[]): string {
  let all = false;
  const wanted = new Set<string>();
  if (names.length === 0) wanted.add('default');
  for (const n of names) wanted.add(n.toLowerCase());
  if (wanted.has('all') || wanted.has('everything')) all = true;
  const withDefault = wanted.has('default');
  let out = '';
  let count = 0;
  for (const s of SECTIONS) {
    if (!all && !wanted.has(s.name) && !(withDefault && s.inDefault)) continue;
    if (count++ > 0) out += '\r\n';
    out += `# ${s.title}\r\n`;
    const fields = (sectionOverrides.get(s.name) ?? s.fn)(e, c);
    for (const [k, v] of fields) {
      const o = fieldOverrides.get(k);
      out += `${k}:${o !== undefined ? o(e) : v}\r\n`;
    }
  }
  return out;
}
