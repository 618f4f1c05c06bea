/** The registry merges each group's docs.json into its table, and refuses docs that do not fit the table. */
import { describe, expect, it } from 'vitest';
import { Registry } from '../../server/engine/registry.ts';
import { groupDocs, type CommandDef } from '../../server/engine/command.ts';
import { commandGroups } from '../../server/commands/index.ts';

const table: CommandDef[] = [
  { name: 'ping2', arity: -1, flags: ['fast'], run: () => {} },
  { name: 'box', arity: -2, flags: [], subcommands: [{ name: 'open', arity: 2, flags: ['write'], run: () => {} }] },
];
const docs = groupDocs('test', {
  ping2: { group: 'connection', summary: 'Ping again', since: '1.0.0', complexity: 'O(1)' },
  box: { group: 'generic', summary: 'A container', since: '7.0.0' },
  'box|open': { group: 'generic', summary: 'Open the box', since: '7.0.0', history: [['7.0.1', 'Louder']] },
});

describe('registry + docs.json', () => {
  it('merges docs into commands and subcommands by full name', () => {
    const r = new Registry();
    r.addGroups([{ name: 'test', commands: table, docs }]);
    const ping = r.lookup('PING2')!;
    expect([ping.def.group, ping.def.summary, ping.def.since, ping.def.complexity]).toEqual(['connection', 'Ping again', '1.0.0', 'O(1)']);
    const open = r.lookup('box')!.subcommands!.get('open')!;
    expect(open.fullName).toBe('box|open');
    expect(open.def.summary).toBe('Open the box');
    expect(open.def.history).toEqual([['7.0.1', 'Louder']]);
    expect('complexity' in open.def).toBe(false);
  });

  it('lets inline docs (ad-hoc tables) stand without a docs.json', () => {
    const r = new Registry();
    r.add([{ name: 'x', arity: 1, flags: [], group: 'server', since: '1.0.0', summary: 'inline' }]);
    expect(r.lookup('x')!.def.summary).toBe('inline');
  });

  it('refuses a command without docs, and docs without a command', () => {
    expect(() => new Registry().addGroups([{ name: 'test', commands: [...table, { name: 'nodoc', arity: 1, flags: [] }], docs }])).toThrow(
      'command nodoc: no docs (group, summary, since) in its group\'s docs.json',
    );
    expect(() => new Registry().addGroups([{ name: 'test', commands: table.slice(0, 1), docs }])).toThrow('test/docs.json: no command box');
  });

  it('refuses malformed docs.json entries, naming group and command', () => {
    expect(() => groupDocs('g', { a: { group: 'nosuch', summary: 's', since: '1' } })).toThrow('g/docs.json: a: unknown group nosuch');
    expect(() => groupDocs('g', { a: { group: 'string', since: '1' } })).toThrow('g/docs.json: a: summary and since are required');
    expect(() => groupDocs('g', { a: { group: 'string', summary: 's', since: '1', history: [['1']] } })).toThrow('g/docs.json: a: history is not a list of [version, change]');
    expect(() => groupDocs('g', { a: { group: 'string', summary: 's', since: '1', tips: 'x' } })).toThrow('g/docs.json: a: tips is not a list of strings');
  });

  it('every shipped group: its docs cover its table exactly', () => {
    const r = new Registry();
    expect(() => r.addGroups(commandGroups)).not.toThrow();
    let n = 0;
    for (const cmd of r.all()) {
      n++;
      expect(cmd.def.summary.length, cmd.fullName).toBeGreaterThan(0);
    }
    expect(n).toBe(commandGroups.reduce((s, g) => s + Object.keys(g.docs).length, 0));
  });
});
