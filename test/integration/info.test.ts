/**
 * INFO over real sockets: Redis 7.0's sections and field names, CRLF text, RESP3 verbatim, and
 * numbers that follow what the server does (commands, clients, keys, hits, errors, blocking).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, resp, type RawConn, type TestServer } from '../helpers/server.ts';
import { cmd, reply } from '../helpers/raw-reply.ts';

interface Info {
  text: string;
  sections: string[];
  fields: Map<string, string>;
}

async function info(c: RawConn, ...sections: string[]): Promise<Info> {
  const r = await cmd(c, 'INFO', ...sections);
  expect(r.t).toBe('$');
  const text = r.v!;
  const fields = new Map<string, string>();
  const names: string[] = [];
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    if (line.startsWith('# ')) names.push(line.slice(2));
    else {
      const i = line.indexOf(':');
      expect(i, line).toBeGreaterThan(0);
      fields.set(line.slice(0, i), line.slice(i + 1));
    }
  }
  return { text, sections: names, fields };
}

const num = (i: Info, k: string) => {
  const v = i.fields.get(k);
  expect(v, k).toMatch(/^-?\d+(\.\d+)?$/);
  return Number(v);
};

const DEFAULT = ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Errorstats', 'Cluster', 'Keyspace'];
const ALL = ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Commandstats', 'Errorstats', 'Latencystats', 'Cluster', 'Keyspace'];

describe('INFO', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('selects sections as Redis does', async () => {
    const c = await t.raw();
    expect((await info(c)).sections).toEqual(DEFAULT);
    expect((await info(c, 'default')).sections).toEqual(DEFAULT);
    expect((await info(c, 'all')).sections).toEqual(ALL);
    expect((await info(c, 'everything')).sections).toEqual(ALL);
    expect((await info(c, 'default', 'commandstats')).sections).toEqual(ALL.filter((s) => s !== 'Latencystats'));
    expect((await info(c, 'keyspace', 'SERVER')).sections).toEqual(['Server', 'Keyspace']);
    expect((await info(c, 'modules')).sections).toEqual(['Modules']);
    expect((await info(c, 'everything', 'nosuch')).sections).toEqual(ALL);
    expect((await cmd(c, 'INFO', 'nosuch')).raw).toBe('$0\r\n\r\n');
  });

  it('is CRLF text with blank lines between sections', async () => {
    const c = await t.raw();
    const { text } = await info(c, 'server', 'cluster');
    expect(text.startsWith('# Server\r\nredis_version:7.0.15\r\n')).toBe(true);
    expect(text.endsWith('\r\n\r\n# Cluster\r\ncluster_enabled:0\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('is a verbatim string in RESP3', async () => {
    const c = await t.raw();
    await cmd(c, 'HELLO', '3');
    const r = await cmd(c, 'INFO', 'cluster');
    expect(r.raw).toBe('=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
  });

  it('server section identifies this process and port', async () => {
    const c = await t.raw();
    const i = await info(c, 'server');
    expect(i.fields.get('redis_version')).toBe('7.0.15');
    expect(i.fields.get('redis_mode')).toBe('standalone');
    expect(num(i, 'process_id')).toBe(process.pid);
    expect(num(i, 'tcp_port')).toBe(t.port);
    expect(i.fields.get('run_id')).toMatch(/^[0-9a-f]{40}$/);
    expect(i.fields.get('podium_version')).toMatch(/^\d+\.\d+\.\d+/);
    expect(num(i, 'uptime_in_seconds')).toBeGreaterThanOrEqual(0);
    expect(Math.abs(num(i, 'server_time_usec') / 1000 - Date.now())).toBeLessThan(5000);
    expect(num(i, 'hz')).toBe(t.server.config.int('hz'));
    // The run id stays the same for the life of the server.
    expect((await info(c, 'server')).fields.get('run_id')).toBe(i.fields.get('run_id'));
  });

  it('total_commands_processed counts every command', async () => {
    const c = await t.raw();
    const before = num(await info(c, 'stats'), 'total_commands_processed');
    for (let i = 0; i < 5; i++) expect((await cmd(c, 'PING')).raw).toBe('+PONG\r\n');
    const after = num(await info(c, 'stats'), 'total_commands_processed');
    expect(after - before).toBe(6); // five PINGs and the first INFO
  });

  it('connected_clients follows connections opening and closing', async () => {
    const c = await t.raw();
    const base = num(await info(c, 'clients'), 'connected_clients');
    const others = [await t.raw(), await t.raw(), await t.raw()];
    for (const o of others) await cmd(o, 'PING');
    expect(num(await info(c, 'clients'), 'connected_clients')).toBe(base + 3);
    others[0].close();
    const deadline = Date.now() + 2000;
    while (num(await info(c, 'clients'), 'connected_clients') !== base + 2) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(num(await info(c, 'stats'), 'total_connections_received')).toBeGreaterThanOrEqual(4);
  });

  it('blocked_clients and clients_in_timeout_table count BLPOP waiters', async () => {
    const c = await t.raw();
    const b1 = await t.raw();
    const b2 = await t.raw();
    b1.write(resp('BLPOP', 'info-q', '0'));
    b2.write(resp('BLPOP', 'info-q', '100'));
    await new Promise((r) => setTimeout(r, 30));
    const i = await info(c, 'clients');
    expect(num(i, 'blocked_clients')).toBe(2);
    expect(num(i, 'clients_in_timeout_table')).toBe(1);
    await cmd(c, 'RPUSH', 'info-q', 'a', 'b');
    await reply(b1);
    await reply(b2);
    expect(num(await info(c, 'clients'), 'blocked_clients')).toBe(0);
  });

  it('keyspace, hits, misses, expired keys and dirty count', async () => {
    const c = await t.raw();
    await cmd(c, 'SELECT', '7');
    const dirty0 = num(await info(c, 'persistence'), 'rdb_changes_since_last_save');
    const s0 = await info(c, 'stats');
    await cmd(c, 'SET', 'a', '1');
    await cmd(c, 'SET', 'b', '2', 'EX', '100');
    await cmd(c, 'SET', 'gone', '3', 'PX', '1');
    await new Promise((r) => setTimeout(r, 10));
    await cmd(c, 'GET', 'a');
    await cmd(c, 'GET', 'nope');
    await cmd(c, 'GET', 'gone'); // expires on access: a miss and an expired key
    const s1 = await info(c, 'stats');
    expect(num(s1, 'keyspace_hits') - num(s0, 'keyspace_hits')).toBe(1);
    expect(num(s1, 'keyspace_misses') - num(s0, 'keyspace_misses')).toBe(2);
    expect(num(s1, 'expired_keys') - num(s0, 'expired_keys')).toBe(1);
    expect(num(await info(c, 'persistence'), 'rdb_changes_since_last_save') - dirty0).toBe(4);
    const ks = await info(c, 'keyspace');
    expect(ks.fields.get('db7')).toMatch(/^keys=2,expires=1,avg_ttl=\d+$/);
    await cmd(c, 'FLUSHDB');
    expect((await info(c, 'keyspace')).fields.has('db7')).toBe(false);
  });

  it('commandstats, errorstats and latencystats', async () => {
    const c = await t.raw();
    await cmd(c, 'CONFIG', 'RESETSTAT').catch(() => null);
    const before = await info(c, 'commandstats', 'errorstats');
    const calls0 = Number(/calls=(\d+)/.exec(before.fields.get('cmdstat_incr') ?? 'calls=0')![1]);
    await cmd(c, 'SET', 'cs', 'notanumber');
    expect((await cmd(c, 'INCR', 'cs')).raw).toBe('-ERR value is not an integer or out of range\r\n');
    expect((await cmd(c, 'INCR', 'cs', 'extra')).raw).toBe("-ERR wrong number of arguments for 'incr' command\r\n");
    await cmd(c, 'SET', 'cs2', '1');
    await cmd(c, 'INCR', 'cs2');
    await cmd(c, 'CLIENT', 'ID');
    const after = await info(c, 'commandstats', 'errorstats', 'latencystats');
    const incr = after.fields.get('cmdstat_incr')!;
    expect(incr).toMatch(/^calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=\d+,failed_calls=\d+$/);
    expect(Number(/calls=(\d+)/.exec(incr)![1]) - calls0).toBe(2);
    expect(incr).toMatch(/rejected_calls=1,failed_calls=1$/);
    expect(after.fields.get('cmdstat_client|id')).toMatch(/^calls=1,/);
    const errs = Number(/^count=(\d+)$/.exec(after.fields.get('errorstat_ERR')!)![1]);
    const errs0 = Number(/^count=(\d+)$/.exec(before.fields.get('errorstat_ERR') ?? 'count=0')![1]);
    expect(errs - errs0).toBeGreaterThanOrEqual(2);
    expect(after.fields.get('latency_percentiles_usec_incr')).toMatch(/^p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}$/);
    // Commands never called are not listed.
    expect(after.fields.has('cmdstat_lastsave')).toBe(false);
  });

  it('memory, cpu and replication fields are present and numeric', async () => {
    const c = await t.raw();
    const i = await info(c, 'memory', 'cpu', 'replication', 'persistence');
    expect(num(i, 'used_memory')).toBeGreaterThan(0);
    expect(i.fields.get('used_memory_human')).toMatch(/^\d+(\.\d\d[KMGTP])?B?$/);
    expect(num(i, 'used_memory_rss')).toBeGreaterThan(0);
    expect(num(i, 'used_memory_peak')).toBeGreaterThanOrEqual(num(i, 'used_memory'));
    expect(i.fields.get('maxmemory_policy')).toBe('noeviction');
    expect(num(i, 'used_cpu_user')).toBeGreaterThan(0);
    expect(i.fields.get('used_cpu_sys')).toMatch(/^\d+\.\d{6}$/);
    expect(i.fields.get('role')).toBe('master');
    expect(num(i, 'connected_slaves')).toBe(0);
    expect(i.fields.get('master_replid')).toMatch(/^[0-9a-f]{40}$/);
    expect(num(i, 'loading')).toBe(0);
    expect(num(i, 'rdb_last_save_time')).toBe(Math.floor(t.server.engine.stats.startTime / 1000));
  });

  it('ioredis becomes ready: its ready check parses INFO and reads loading:0', async () => {
    const r = t.client({ enableReadyCheck: true, lazyConnect: true });
    const ready = new Promise<void>((res) => r.once('ready', () => res()));
    await r.connect();
    await ready;
    expect(r.status).toBe('ready');
    const text = await r.info();
    expect(text).toMatch(/\r\n# Keyspace\r\n/);
  });
});
