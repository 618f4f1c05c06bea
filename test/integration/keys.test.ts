/**
 * Generic key commands over TCP with ioredis and raw sockets: exact replies and error texts
 * (checked against redis-server 7.0.15), arity, RESP3 shapes, binary keys, several databases.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, resp, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  t.server.engine.keyspace.flushAll();
});

/** Sends one command on a raw connection and returns exactly `want.length` bytes of reply. */
async function rawReply(argv: string[], want: string): Promise<string> {
  const c = await t.raw();
  c.write(resp(...argv));
  const got = await c.expect(want);
  c.close();
  return got;
}

describe('arity errors', () => {
  const cases: [string[], string][] = [
    [['DEL'], 'del'],
    [['UNLINK'], 'unlink'],
    [['EXISTS'], 'exists'],
    [['TYPE'], 'type'],
    [['TYPE', 'a', 'b'], 'type'],
    [['RENAME', 'a'], 'rename'],
    [['RENAMENX', 'a', 'b', 'c'], 'renamenx'],
    [['COPY', 'a'], 'copy'],
    [['MOVE', 'a'], 'move'],
    [['KEYS'], 'keys'],
    [['KEYS', '*', 'x'], 'keys'],
    [['SCAN'], 'scan'],
    [['RANDOMKEY', 'x'], 'randomkey'],
    [['TOUCH'], 'touch'],
    [['EXPIRE', 'k'], 'expire'],
    [['PEXPIRE', 'k'], 'pexpire'],
    [['EXPIREAT', 'k'], 'expireat'],
    [['PEXPIREAT', 'k'], 'pexpireat'],
    [['TTL'], 'ttl'],
    [['PTTL', 'a', 'b'], 'pttl'],
    [['EXPIRETIME'], 'expiretime'],
    [['PEXPIRETIME'], 'pexpiretime'],
    [['PERSIST'], 'persist'],
    [['DBSIZE', 'x'], 'dbsize'],
    [['SWAPDB', '0'], 'swapdb'],
    [['OBJECT'], 'object'],
    [['OBJECT', 'ENCODING'], 'object|encoding'],
    [['OBJECT', 'REFCOUNT', 'a', 'b'], 'object|refcount'],
    [['OBJECT', 'HELP', 'x'], 'object|help'],
  ];
  it.each(cases)('%j', async (argv, name) => {
    const want = `-ERR wrong number of arguments for '${name}' command\r\n`;
    expect(await rawReply(argv, want)).toBe(want);
  });
});

describe('basic key commands', () => {
  it('DEL / UNLINK / EXISTS / TYPE / TOUCH', async () => {
    const r = t.client();
    await r.set('a', '1');
    await r.rpush('l', 'x');
    await r.sadd('s', 'm');
    await r.hset('h', 'f', 'v');
    expect(await r.exists('a', 'a', 'nokey', 'l')).toBe(3);
    expect(await r.type('a')).toBe('string');
    expect(await r.type('l')).toBe('list');
    expect(await r.type('s')).toBe('set');
    expect(await r.type('h')).toBe('hash');
    expect(await r.type('nokey')).toBe('none');
    expect(await r.touch('a', 'l', 'nokey')).toBe(2);
    expect(await r.del('a', 'l', 'nokey', 'a')).toBe(2);
    expect(await r.unlink('s', 'h', 's')).toBe(2);
    expect(await r.dbsize()).toBe(0);
  });

  it('RENAME / RENAMENX', async () => {
    const r = t.client();
    await expect(r.rename('nokey', 'x')).rejects.toThrow('ERR no such key');
    await r.set('a', 'va', 'EX', 100);
    await r.set('b', 'vb');
    expect(await r.rename('a', 'a')).toBe('OK');
    expect(await r.renamenx('a', 'b')).toBe(0);
    expect(await r.rename('a', 'b')).toBe('OK');
    expect(await r.get('b')).toBe('va');
    expect(await r.ttl('b')).toBe(100);
    expect(await r.exists('a')).toBe(0);
    expect(await r.renamenx('b', 'c')).toBe(1);
    expect(await r.get('c')).toBe('va');
  });

  it('MOVE and COPY across databases', async () => {
    const r = t.client();
    await r.set('k', 'v');
    await expect(r.move('k', 0)).rejects.toThrow('ERR source and destination objects are the same');
    await expect(r.move('k', 16)).rejects.toThrow('ERR DB index is out of range');
    expect(await r.move('k', 1)).toBe(1);
    expect(await r.exists('k')).toBe(0);
    expect(await r.copy('k', 'k2')).toBe(0);
    const r1 = t.client({ db: 1 });
    expect(await r1.get('k')).toBe('v');
    expect(await r1.call('COPY', 'k', 'k', 'DB', '0')).toBe(1);
    expect(await r.get('k')).toBe('v');
    await r1.rpush('list', 'a', 'b');
    expect(await r1.copy('list', 'list2')).toBe(1);
    await r1.rpush('list2', 'c');
    expect(await r1.lrange('list', 0, -1)).toEqual(['a', 'b']);
    expect(await r1.lrange('list2', 0, -1)).toEqual(['a', 'b', 'c']);
    await r1.sadd('set', 'x', 'y');
    await r1.hset('hash', 'f', '1');
    expect(await r1.copy('set', 'set2')).toBe(1);
    expect(await r1.copy('hash', 'hash2')).toBe(1);
    await r1.srem('set', 'x');
    await r1.hset('hash', 'f', '2');
    expect((await r1.smembers('set2')).sort()).toEqual(['x', 'y']);
    expect(await r1.hget('hash2', 'f')).toBe('1');
    expect(await r1.copy('set', 'hash2')).toBe(0);
    expect(await r1.copy('set', 'hash2', 'REPLACE')).toBe(1);
    expect(await r1.type('hash2')).toBe('set');
    await expect(r1.call('COPY', 'set', 'x', 'DB')).rejects.toThrow('ERR syntax error');
  });

  it('KEYS with patterns and binary keys', async () => {
    const r = t.client();
    const bin = Buffer.from([0x00, 0xff, 0x41, 0x0a]);
    await r.mset('hello', '1', 'hallo', '1', 'hxllo', '1', 'heeeello', '1', 'other', '1');
    await r.set(bin, 'b');
    expect((await r.keys('h?llo')).sort()).toEqual(['hallo', 'hello', 'hxllo']);
    expect((await r.keys('h*llo')).sort()).toEqual(['hallo', 'heeeello', 'hello', 'hxllo']);
    expect((await r.keys('h[ae]llo')).sort()).toEqual(['hallo', 'hello']);
    expect((await r.keys('h[^e]llo')).sort()).toEqual(['hallo', 'hxllo']);
    expect(await r.keys('nomatch*')).toEqual([]);
    const got = await r.callBuffer('KEYS', Buffer.from([0x00, 0x2a]));
    expect(got).toEqual([bin]);
    expect(await r.keys('*')).toHaveLength(6);
  });

  it('RANDOMKEY', async () => {
    const r = t.client();
    expect(await r.randomkey()).toBe(null);
    await r.mset('a', '1', 'b', '2', 'c', '3');
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) seen.add((await r.randomkey())!);
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
  });

  it('DBSIZE, FLUSHDB, FLUSHALL, SWAPDB', async () => {
    const r = t.client();
    const r2 = t.client({ db: 2 });
    await r.mset('a', '1', 'b', '2');
    await r2.set('c', '3');
    expect(await r.dbsize()).toBe(2);
    expect(await r.swapdb(0, 2)).toBe('OK');
    expect(await r.dbsize()).toBe(1);
    expect(await r.get('c')).toBe('3');
    expect(await r2.dbsize()).toBe(2);
    await expect(r.swapdb(0, 16)).rejects.toThrow('ERR DB index is out of range');
    expect(await r2.flushdb()).toBe('OK');
    expect(await r2.dbsize()).toBe(0);
    expect(await r.dbsize()).toBe(1);
    expect(await r.call('FLUSHALL', 'ASYNC')).toBe('OK');
    expect(await r.dbsize()).toBe(0);
    await expect(r.call('FLUSHALL', 'NOW')).rejects.toThrow('ERR syntax error');
  });
});

describe('exact bytes', () => {
  it('replies and errors in RESP2', async () => {
    const c = await t.raw();
    const steps: [string[], string][] = [
      [['SET', 'n', '42'], '+OK\r\n'],
      [['TYPE', 'n'], '+string\r\n'],
      [['TYPE', 'nokey'], '+none\r\n'],
      [['OBJECT', 'ENCODING', 'n'], '$3\r\nint\r\n'],
      [['OBJECT', 'ENCODING', 'nokey'], '$-1\r\n'],
      [['OBJECT', 'REFCOUNT', 'n'], ':2147483647\r\n'],
      [['OBJECT', 'IDLETIME', 'nokey'], '$-1\r\n'],
      [['OBJECT', 'nosuch', 'n'], "-ERR unknown subcommand 'nosuch'. Try OBJECT HELP.\r\n"],
      [['RANDOMKEY'], '$1\r\nn\r\n'],
      [['KEYS', '*'], '*1\r\n$1\r\nn\r\n'],
      [['SCAN', '0'], '*2\r\n$1\r\n0\r\n*1\r\n$1\r\nn\r\n'],
      [['TTL', 'n'], ':-1\r\n'],
      [['PTTL', 'nokey'], ':-2\r\n'],
      [['EXPIRETIME', 'n'], ':-1\r\n'],
      [['EXPIRE', 'n', '100', 'NX', 'XX'], '-ERR NX and XX, GT or LT options at the same time are not compatible\r\n'],
      [['EXPIRE', 'n', '100', 'GT', 'LT'], '-ERR GT and LT options at the same time are not compatible\r\n'],
      [['EXPIRE', 'n', '100', 'BOGUS'], '-ERR Unsupported option BOGUS\r\n'],
      [['EXPIRE', 'n', '9223372036854775'], "-ERR invalid expire time in 'expire' command\r\n"],
      [['PEXPIREAT', 'n', 'x'], '-ERR value is not an integer or out of range\r\n'],
      [['MOVE', 'n', '2147483648'], '-ERR value is out of range, value must between -2147483648 and 2147483647\r\n'],
      [['SWAPDB', 'x', '1'], '-ERR invalid first DB index\r\n'],
      [['SWAPDB', '1', 'x'], '-ERR invalid second DB index\r\n'],
      [['SCAN', 'x'], '-ERR invalid cursor\r\n'],
      [['COPY', 'n', 'n'], '-ERR source and destination objects are the same\r\n'],
      [['RENAME', 'nokey', 'n'], '-ERR no such key\r\n'],
      [['FLUSHDB', 'LATER'], '-ERR syntax error\r\n'],
      [['DBSIZE'], ':1\r\n'],
    ];
    for (const [argv, want] of steps) {
      c.write(resp(...argv));
      expect(await c.expect(want), argv.join(' ')).toBe(want);
    }
  });

  it('replies in RESP3', async () => {
    const c = await t.raw();
    c.write(resp('HELLO', '3'));
    c.write(resp('PING', 'hello-done'));
    // Skip HELLO's map, whatever its size, up to the PING reply.
    for (let i = 0; i < 200 && !c.pending().endsWith('$10\r\nhello-done\r\n'); i++) await new Promise((r) => setTimeout(r, 5));
    await c.readBytes(c.pending().length);
    const steps: [string[], string][] = [
      [['OBJECT', 'ENCODING', 'nokey'], '_\r\n'],
      [['RANDOMKEY'], '_\r\n'],
      [['SET', 'k', 'v'], '+OK\r\n'],
      [['TYPE', 'k'], '+string\r\n'],
      [['OBJECT', 'FREQ', 'nokey'], '_\r\n'],
      [['SCAN', '0', 'TYPE', 'string'], '*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n'],
    ];
    for (const [argv, want] of steps) {
      c.write(resp(...argv));
      expect(await c.expect(want), argv.join(' ')).toBe(want);
    }
  });
});

describe('OBJECT ENCODING over the wire', () => {
  it('reports each type', async () => {
    const r = t.client();
    await r.set('int', '12345');
    await r.set('emb', 'hello');
    await r.set('raw', 'x'.repeat(45));
    await r.rpush('list', 'a');
    await r.hset('hash', 'f', 'v');
    await r.sadd('intset', '1', '2');
    await r.sadd('set', 'a');
    expect(await r.object('ENCODING', 'int')).toBe('int');
    expect(await r.object('ENCODING', 'emb')).toBe('embstr');
    expect(await r.object('ENCODING', 'raw')).toBe('raw');
    expect(await r.object('ENCODING', 'list')).toBe('quicklist');
    expect(await r.object('ENCODING', 'hash')).toBe('listpack');
    expect(await r.object('ENCODING', 'intset')).toBe('intset');
    expect(await r.object('ENCODING', 'set')).toBe('hashtable');
    await r.rename('int', 'int2');
    expect(await r.object('ENCODING', 'int2')).toBe('int');
    expect(await r.object('REFCOUNT', 'int2')).toBe(1);
  });
});
