/**
 * COMMAND and its subcommands over real sockets: everything is generated from the command tables,
 * so the replies are checked against the registry and against Redis 7.0.15's exact shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type RawConn, type TestServer } from '../helpers/server.ts';
import { cmd as send } from '../helpers/raw-reply.ts';
import { err } from '../helpers/resp-text.ts';

let t: TestServer;
let c: RawConn;
let c3: RawConn;
beforeAll(async () => {
  t = await startTestServer();
  c = await t.raw();
  c3 = await t.raw();
  await send(c3, 'HELLO', '3');
});
afterAll(async () => {
  await t.close();
});

describe('COMMAND COUNT / COMMAND / COMMAND LIST', () => {
  it('COUNT is the number of top-level commands in the table', async () => {
    const n = t.server.engine.registry.commands.size;
    expect(n).toBeGreaterThan(10);
    expect((await send(c, 'COMMAND', 'COUNT')).raw).toBe(`:${n}\r\n`);
    expect((await send(c, 'COMMAND')).items!.length).toBe(n);
    expect((await send(c, 'COMMAND', 'INFO')).items!.length).toBe(n);
    expect((await send(c3, 'COMMAND', 'DOCS')).items!.length).toBe(2 * n);
  });

  it('LIST names every command and subcommand', async () => {
    const all = [...t.server.engine.registry.all()].map((cmd) => cmd.fullName);
    const list = (await send(c, 'COMMAND', 'LIST')).items!.map((i) => i.v);
    expect(list).toEqual(all);
    expect(list).toContain('config|get');
    expect(list).toContain('command|getkeys');
  });

  it('LIST FILTERBY pattern, aclcat, module', async () => {
    const names = async (...args: string[]) => (await send(c, 'COMMAND', 'LIST', ...args)).items!.map((i) => i.v).sort();
    expect(await names('FILTERBY', 'PATTERN', 'CONF*')).toEqual(['config', 'config|get', 'config|help', 'config|resetstat', 'config|rewrite', 'config|set']);
    expect(await names('filterby', 'pattern', 'config|*')).toEqual(['config|get', 'config|help', 'config|resetstat', 'config|rewrite', 'config|set']);
    const admin = await names('FILTERBY', 'ACLCAT', 'ADMIN');
    expect(admin).toContain('config|set');
    expect(admin).not.toContain('config|help');
    expect(admin).not.toContain('get');
    expect(await names('FILTERBY', 'ACLCAT', 'nosuchcategory')).toEqual([]);
    expect(await names('FILTERBY', 'MODULE', 'foo')).toEqual([]);
    for (const bad of [['foo'], ['FILTERBY'], ['FILTERBY', 'PATTERN'], ['FILTERBY', 'foo', 'bar'], ['FILTERBY', 'PATTERN', 'a', 'b']]) {
      expect((await send(c, 'COMMAND', 'LIST', ...bad)).raw).toBe(err('ERR syntax error'));
    }
  });

  it('COUNT takes no arguments', async () => {
    expect((await send(c, 'COMMAND', 'COUNT', 'x')).raw).toBe(err("ERR wrong number of arguments for 'command|count' command"));
    expect((await send(c, 'COMMAND', 'FOO')).raw).toBe(err("ERR unknown subcommand 'FOO'. Try COMMAND HELP."));
  });
});

describe('COMMAND INFO', () => {
  it('GET, exactly as Redis 7.0 in RESP2', async () => {
    expect((await send(c, 'COMMAND', 'INFO', 'get')).raw).toBe(
      '*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n' +
        '*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n' +
        '$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n',
    );
  });

  it('sets, maps and null in RESP3; unknown names give null', async () => {
    expect((await send(c3, 'COMMAND', 'INFO', 'nosuch', 'config|help')).raw).toBe(
      '*2\r\n_\r\n*10\r\n$11\r\nconfig|help\r\n:2\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~1\r\n+@slow\r\n~0\r\n~0\r\n~0\r\n',
    );
    expect((await send(c, 'COMMAND', 'INFO', 'nosuch', 'get|x', 'config|get|x')).raw).toBe('*3\r\n$-1\r\n$-1\r\n$-1\r\n');
  });

  it('a container lists its subcommands; names are case-insensitive', async () => {
    const info = await send(c, 'COMMAND', 'INFO', 'CONFIG');
    const entry = info.items![0].items!;
    expect(entry[0].v).toBe('config');
    expect(entry[1].v).toBe('-2');
    expect(entry[2].items).toEqual([]);
    expect(entry[6].items!.map((i) => i.v)).toEqual(['@slow']);
    const subs = entry[9].items!.map((s) => s.items![0].v);
    expect(subs.sort()).toEqual(['config|get', 'config|help', 'config|resetstat', 'config|rewrite', 'config|set']);
    const setNode = entry[9].items!.find((s) => s.items![0].v === 'config|set')!;
    const set = setNode.items!;
    expect(set[1].v).toBe('-4');
    expect(set[2].items!.map((i) => i.v)).toEqual(['admin', 'noscript', 'loading', 'stale']);
    expect(set[6].items!.map((i) => i.v)).toEqual(['@admin', '@slow', '@dangerous']);
    expect(set[7].items!.map((i) => i.v)).toEqual(['request_policy:all_nodes', 'response_policy:all_succeeded']);
    expect((await send(c, 'COMMAND', 'INFO', 'Config|Set')).items![0].raw).toBe(setNode.raw);
  });

  it('every entry agrees with the table', async () => {
    const node = await send(c, 'COMMAND');
    const byName = new Map(node.items!.map((e) => [e.items![0].v!, e.items!]));
    for (const cmd of t.server.engine.registry.commands.values()) {
      const e = byName.get(cmd.fullName)!;
      expect(e, cmd.fullName).toBeDefined();
      expect(Number(e[1].v)).toBe(cmd.arity);
      expect([Number(e[3].v), Number(e[4].v), Number(e[5].v)]).toEqual([cmd.firstKey, cmd.lastKey, cmd.keyStep]);
      for (const f of cmd.def.flags) {
        if (!['may_replicate', 'sentinel', 'only_sentinel', 'protected'].includes(f)) expect(e[2].items!.map((i) => i.v), cmd.fullName).toContain(f);
      }
      const cats = e[6].items!.map((i) => i.v);
      expect(cats.includes('@fast') !== cats.includes('@slow'), cmd.fullName).toBe(true);
      expect(e[9].items!.length).toBe(cmd.subcommands?.size ?? 0);
    }
  });
});

describe('COMMAND DOCS', () => {
  it('a map of name to summary, since, group, complexity, history, subcommands', async () => {
    expect((await send(c3, 'COMMAND', 'DOCS', 'config|get', 'nosuch')).raw).toBe(
      '%1\r\n$10\r\nconfig|get\r\n%5\r\n$7\r\nsummary\r\n$42\r\nGet the values of configuration parameters\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n' +
        '$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$62\r\nO(N) when N is the number of configuration parameters provided\r\n' +
        '$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n7.0.0\r\n$65\r\nAdded the ability to pass multiple pattern parameters in one call\r\n',
    );
    const docs = await send(c3, 'COMMAND', 'DOCS', 'COMMAND');
    const fields = docs.items![1].items!;
    const keys = fields.filter((_, i) => i % 2 === 0).map((f) => f.v);
    expect(keys).toEqual(['summary', 'since', 'group', 'complexity', 'subcommands']);
    const subs = fields[9].items!.filter((_, i) => i % 2 === 0).map((f) => f.v);
    expect(subs.sort()).toEqual(['command|count', 'command|docs', 'command|getkeys', 'command|getkeysandflags', 'command|help', 'command|info', 'command|list']);
    expect((await send(c, 'COMMAND', 'DOCS', 'nosuch')).raw).toBe('*0\r\n');
  });
});

describe('COMMAND GETKEYS / GETKEYSANDFLAGS', () => {
  const keys = async (...argv: string[]) => (await send(c, 'COMMAND', 'GETKEYS', ...argv)).raw;

  it('finds keys from the key positions', async () => {
    expect(await keys('GET', 'a')).toBe('*1\r\n$1\r\na\r\n');
    expect(await keys('mset', 'a', '1', 'b', '2')).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    expect(await keys('MSET', 'a', 'b', 'c')).toBe('*2\r\n$1\r\na\r\n$1\r\nc\r\n');
    expect(await keys('mget', 'x', 'y', 'z')).toBe('*3\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n');
  });

  it("refuses with Redis's texts", async () => {
    expect(await keys('GET')).toBe(err("ERR wrong number of arguments for 'command|getkeys' command"));
    expect(await keys('nosuch', 'a')).toBe(err('ERR Invalid command specified'));
    expect(await keys('CONFIG', 'nosuch', 'a')).toBe(err('ERR Invalid command specified'));
    expect(await keys('CONFIG', 'GET', 'x')).toBe(err('ERR The command has no key arguments'));
    expect(await keys('PING', 'x')).toBe(err('ERR The command has no key arguments'));
    expect(await keys('GET', 'a', 'b')).toBe(err('ERR Invalid number of arguments specified for command'));
    expect(await keys('SET', 'a')).toBe(err('ERR Invalid number of arguments specified for command'));
  });

  it('GETKEYSANDFLAGS adds the key spec flags', async () => {
    expect((await send(c, 'COMMAND', 'GETKEYSANDFLAGS', 'GET', 'a')).raw).toBe('*1\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n');
    expect((await send(c3, 'COMMAND', 'GETKEYSANDFLAGS', 'GET', 'a')).raw).toBe('*1\r\n*2\r\n$1\r\na\r\n~2\r\n+RO\r\n+access\r\n');
  });
});

describe('COMMAND HELP', () => {
  it('prints the help', async () => {
    const lines = (await send(c, 'COMMAND', 'HELP')).items!.map((i) => `${i.t}${i.v}`);
    expect(lines[0]).toBe('+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(lines).toContain('+GETKEYSANDFLAGS <full-command>');
    expect(lines[lines.length - 1]).toBe('+    Prints this help.');
    expect(lines.length).toBe(21);
  });
});
