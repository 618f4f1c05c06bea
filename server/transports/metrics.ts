/**
 * GET /metrics: Prometheus text exposition (version 0.0.4) of the engine's own counters (the ones
 * INFO commandstats and LATENCY HISTOGRAM read) and the gateway's.
 */
import type { Engine } from '../engine/engine.ts';
import { valueAtIndex, type Histogram } from '../engine/latency.ts';
import type { GatewayStats } from './gateway-stats.ts';
import type { WsTransport } from './ws.ts';
import { writeMetricsSections, type MetricsOut } from '../engine/metrics-sections.ts';

/** Histogram bucket bounds in seconds (command latency). */
const BOUNDS = [1e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 0.1, 1];

function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

class Out implements MetricsOut {
  lines: string[] = [];
  head(name: string, type: string, help: string): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  }
  /** A metric with one unlabelled sample. */
  single(name: string, type: string, help: string, v: number): void {
    this.head(name, type, help);
    this.sample(name, null, v);
  }
  sample(name: string, labels: Record<string, string> | null, v: number): void {
    const l = labels === null ? '' : '{' + Object.entries(labels).map(([k, x]) => `${k}="${label(x)}"`).join(',') + '}';
    this.lines.push(`${name}${l} ${Number.isFinite(v) ? v : 0}`);
  }
}

function histogramBuckets(h: Histogram): number[] {
  const cum = new Array<number>(BOUNDS.length).fill(0);
  const counts = h.counts;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (n === 0) continue;
    const sec = valueAtIndex(i) / 1e9;
    for (let b = 0; b < BOUNDS.length; b++) if (sec <= BOUNDS[b]) cum[b] += n;
  }
  return cum;
}

export function metricsText(e: Engine, g: GatewayStats, ws: WsTransport): string {
  const o = new Out();
  const now = e.clock.now();
  o.single('podium_uptime_seconds', 'gauge', 'Seconds since the server started.', Math.floor((now - e.stats.startTime) / 1000));
  o.single('podium_commands_processed_total', 'counter', 'Commands processed, all commands.', e.stats.commandsProcessed);
  o.single('podium_connections_received_total', 'counter', 'Connections accepted, all transports.', e.stats.connectionsReceived);
  o.single('podium_rejected_connections_total', 'counter', 'Connections refused (maxclients, gateway-max-connections).', e.stats.rejectedConnections);
  o.single('podium_error_replies_total', 'counter', 'Error replies, all commands.', e.stats.totalErrorReplies);
  o.single('podium_keyspace_hits_total', 'counter', 'Key lookups that found the key.', e.stats.keyspaceHits);
  o.single('podium_keyspace_misses_total', 'counter', 'Key lookups that missed.', e.stats.keyspaceMisses);
  o.single('podium_expired_keys_total', 'counter', 'Keys expired.', e.stats.expiredKeys);
  o.single('podium_evicted_keys_total', 'counter', 'Keys evicted.', e.stats.evictedKeys);

  const cmds = [...e.registry.all()].filter((c) => c.calls > 0 || c.rejectedCalls > 0 || c.failedCalls > 0);
  o.head('podium_command_calls_total', 'counter', 'Calls per command (INFO commandstats calls).');
  for (const c of cmds) o.sample('podium_command_calls_total', { cmd: c.fullName }, c.calls);
  o.head('podium_command_failed_calls_total', 'counter', 'Calls that replied an error, per command.');
  for (const c of cmds) o.sample('podium_command_failed_calls_total', { cmd: c.fullName }, c.failedCalls);
  o.head('podium_command_rejected_calls_total', 'counter', 'Calls refused before running (arity, auth, ...), per command.');
  for (const c of cmds) o.sample('podium_command_rejected_calls_total', { cmd: c.fullName }, c.rejectedCalls);
  o.head('podium_command_duration_seconds', 'histogram', 'Command execution time (latency-tracking).');
  for (const [cmd, h] of e.latency.histograms) {
    if (h.total === 0) continue;
    const cum = histogramBuckets(h);
    for (let b = 0; b < BOUNDS.length; b++) o.sample('podium_command_duration_seconds_bucket', { cmd: cmd.fullName, le: String(BOUNDS[b]) }, cum[b]);
    o.sample('podium_command_duration_seconds_bucket', { cmd: cmd.fullName, le: '+Inf' }, h.total);
    o.sample('podium_command_duration_seconds_sum', { cmd: cmd.fullName }, cmd.usec / 1e6);
    o.sample('podium_command_duration_seconds_count', { cmd: cmd.fullName }, h.total);
  }

  const byKind = new Map<string, number>([
    ['tcp', 0],
    ['ws', 0],
    ['http', 0],
  ]);
  for (const c of e.clients.values()) byKind.set(c.link.kind, (byKind.get(c.link.kind) ?? 0) + 1);
  o.head('podium_connected_clients', 'gauge', 'Connected clients per transport.');
  for (const [k, n] of byKind) o.sample('podium_connected_clients', { transport: k }, n);
  o.single('podium_blocked_clients', 'gauge', 'Clients blocked on keys.', e.blocking.waiting);

  const mem = process.memoryUsage();
  o.head('podium_memory_bytes', 'gauge', 'Process memory (process.memoryUsage).');
  o.sample('podium_memory_bytes', { kind: 'rss' }, mem.rss);
  o.sample('podium_memory_bytes', { kind: 'heap_total' }, mem.heapTotal);
  o.sample('podium_memory_bytes', { kind: 'heap_used' }, mem.heapUsed);
  o.sample('podium_memory_bytes', { kind: 'external' }, mem.external);
  o.sample('podium_memory_bytes', { kind: 'array_buffers' }, mem.arrayBuffers);

  o.head('podium_keys', 'gauge', 'Keys per database (non-empty databases).');
  o.head('podium_keys_with_expiry', 'gauge', 'Keys with a time to live per database.');
  for (const db of e.keyspace.dbs) {
    if (db.size === 0) continue;
    o.sample('podium_keys', { db: String(db.id) }, db.size);
    o.sample('podium_keys_with_expiry', { db: String(db.id) }, db.expires.size);
  }

  const b = e.broker;
  o.single('podium_pubsub_channels', 'gauge', 'Channels with at least one subscriber.', b?.channels.size ?? 0);
  o.single('podium_pubsub_patterns', 'gauge', 'Patterns with at least one subscriber.', b?.patterns.size ?? 0);
  o.single('podium_pubsub_shard_channels', 'gauge', 'Shard channels with at least one subscriber.', b?.shardChannels.size ?? 0);

  writeMetricsSections(e, o);

  o.single('podium_gateway_ws_connections', 'gauge', 'Open WebSocket connections.', ws.conns.size);
  o.single('podium_gateway_ws_accepted_total', 'counter', 'WebSocket connections accepted.', g.wsAccepted);
  o.single('podium_gateway_ws_rejected_total', 'counter', 'WebSocket connections refused (auth, max connections).', g.wsRejected);
  o.head('podium_gateway_messages_total', 'counter', 'WebSocket messages (topic publishes count once per subscriber).');
  o.sample('podium_gateway_messages_total', { direction: 'in' }, g.messagesIn);
  o.sample('podium_gateway_messages_total', { direction: 'out' }, g.messagesOut);
  o.head('podium_gateway_bytes_total', 'counter', 'WebSocket payload bytes.');
  o.sample('podium_gateway_bytes_total', { direction: 'in' }, g.bytesIn);
  o.sample('podium_gateway_bytes_total', { direction: 'out' }, g.bytesOut);
  o.single('podium_gateway_topic_publishes_total', 'counter', 'Pub/sub messages fanned out through uWS topics (encoded once each).', g.topicPublishes);
  o.head('podium_gateway_ws_closes_total', 'counter', 'WebSocket closes by reason.');
  for (const [reason, n] of g.closes) o.sample('podium_gateway_ws_closes_total', { reason }, n);
  o.head('podium_gateway_http_requests_total', 'counter', 'HTTP requests by route and status.');
  for (const [k, n] of g.http) {
    const [route, status] = k.split(' ');
    o.sample('podium_gateway_http_requests_total', { route, status }, n);
  }
  return o.lines.join('\n') + '\n';
}
