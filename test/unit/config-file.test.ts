/**
 * Loading configuration as redis-server does (redis.conf files, `--name value` arguments, include,
 * Redis's fatal error report) and CONFIG REWRITE's file rewriting.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config, ConfigError, rewriteConfigText } from '../../server/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'podium-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text, 'latin1');
  return p;
}

function loadError(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('no error');
}

describe('config file syntax', () => {
  it('reads comments, blank lines, quotes and multi-word values', () => {
    const c = new Config();
    c.loadText(
      [
        '# a comment',
        '',
        '   maxclients   77   ',
        'requirepass "a b\\x21"',
        "masteruser 'it\\'s'",
        'client-output-buffer-limit normal 1mb 2mb 3',
        'client-output-buffer-limit "pubsub 0 0 0"',
        'bind 127.0.0.1 -::1',
        'notify-keyspace-events KEA',
        'MaxMemory 1gb',
        'list-max-ziplist-entries 512',
      ].join('\r\n'),
    );
    expect(c.get('maxclients')).toBe('77');
    expect(c.get('requirepass')).toBe('a b!');
    expect(c.get('masteruser')).toBe("it's");
    expect(c.get('client-output-buffer-limit')).toBe('normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 0 0 0');
    expect(c.get('bind')).toBe('127.0.0.1 -::1');
    expect(c.get('notify-keyspace-events')).toBe('AKE');
    expect(c.get('maxmemory')).toBe('1073741824');
  });

  it('sets immutable parameters', () => {
    const c = new Config();
    c.loadText('databases 4\ndaemonize yes\nreplicaof 10.0.0.1 6380\nunixsocketperm 700');
    expect(c.int('databases')).toBe(4);
    expect(c.get('daemonize')).toBe('yes');
    expect(c.get('replicaof')).toBe('10.0.0.1 6380');
    expect(c.get('slaveof')).toBe('10.0.0.1 6380');
    expect(c.get('unixsocketperm')).toBe('700');
  });

  it('repeated save lines add up; the first one replaces the defaults; save "" clears', () => {
    const c = new Config();
    c.loadText('save 900 1\nsave 300 10\nsave "60 10000"');
    expect(c.get('save')).toBe('900 1 300 10 60 10000');
    const d = new Config();
    d.loadText('save ""\nsave 900 1');
    expect(d.get('save')).toBe('900 1');
    const e = new Config();
    e.loadText('save 900 1\nsave ""');
    expect(e.get('save')).toBe('');
  });

  it('includes other files', () => {
    const inc = file('inc.conf', 'maxclients 12\ntimeout 7\n');
    const c = new Config();
    c.loadText(`timeout 1\ninclude ${inc}\nmaxclients 13`);
    expect(c.get('timeout')).toBe('7');
    expect(c.get('maxclients')).toBe('13');
  });

  it('reports the line like Redis', () => {
    const c = new Config();
    expect(loadError(() => c.loadText('port 1\nfoo bar\n'))).toBe("Reading the configuration file, at line 2\n>>> 'foo bar'\nBad directive or wrong number of arguments");
    expect(loadError(() => c.loadText('# c\n\n  maxclients   "1 2"  \n'))).toBe(
      "Reading the configuration file, at line 3\n>>> 'maxclients   \"1 2\"'\nargument couldn't be parsed into an integer",
    );
    expect(loadError(() => c.loadText('daemonize'))).toBe("Reading the configuration file, at line 1\n>>> 'daemonize'\nwrong number of arguments");
    expect(loadError(() => c.loadText('maxclients 5 6'))).toBe("Reading the configuration file, at line 1\n>>> 'maxclients 5 6'\nwrong number of arguments");
    expect(loadError(() => c.loadText('replicaof a'))).toBe("Reading the configuration file, at line 1\n>>> 'replicaof a'\nwrong number of arguments");
    expect(loadError(() => c.loadText('save 900'))).toBe("Reading the configuration file, at line 1\n>>> 'save 900'\nInvalid save parameters");
    expect(loadError(() => c.loadText('maxclients "abc'))).toBe("Reading the configuration file, at line 1\n>>> 'maxclients \"abc'\nUnbalanced quotes in configuration line");
    expect(loadError(() => c.loadText('activedefrag yes'))).toMatch(/\nActive defragmentation cannot be enabled: it requires/);
    expect(loadError(() => c.loadText('user default on nopass'))).toBe(
      "Reading the configuration file, at line 1\n>>> 'user default on nopass'\n'user' is not supported by Podium",
    );
    expect(loadError(() => c.loadText(`include ${join(dir, 'missing.conf')}`))).toBe(
      `Fatal error, can't open config file '${join(dir, 'missing.conf')}': No such file or directory`,
    );
  });

  it('checks dir exists and keeps it absolute', () => {
    const c = new Config();
    c.loadText(`dir ${dir}`);
    expect(c.get('dir')).toBe(dir);
    expect(loadError(() => c.loadText(`dir ${join(dir, 'nope')}`))).toMatch(/\nNo such file or directory$/);
  });
});

describe('command line arguments', () => {
  it('--name value, with multi-word values as one argument or several', () => {
    const c = new Config();
    c.loadArgs(['--port', '7000', '--save', '900 1', '--client-output-buffer-limit', 'normal 0 0 0', '--slowlog-log-slower-than', '-1']);
    expect(c.get('port')).toBe('7000');
    expect(c.get('save')).toBe('900 1');
    expect(c.get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(c.get('slowlog-log-slower-than')).toBe('-1');
    const d = new Config();
    d.loadArgs(['--save', '900', '1', '--save', '300', '10', '--requirepass', 'with space']);
    expect(d.get('save')).toBe('900 1 300 10');
    expect(d.get('requirepass')).toBe('with space');
  });

  it('--save without a value means save ""', () => {
    const c = new Config();
    c.loadArgs(['--save', '--maxclients', '5']);
    expect(c.get('save')).toBe('');
    expect(c.get('maxclients')).toBe('5');
    const d = new Config();
    d.loadArgs(['--save', '900', '1', '--save']);
    expect(d.get('save')).toBe('');
  });

  it('a value may start with "--" right after an option name', () => {
    const c = new Config();
    c.loadArgs(['--requirepass', '--foo']);
    expect(c.get('requirepass')).toBe('--foo');
  });

  it('a config file first, then options; errors count lines on from the file', () => {
    const p = file('podium.conf', 'port 7000\nmaxclients 50\n');
    const c = new Config();
    c.loadArgs([p, '--port', '7001']);
    expect(c.get('port')).toBe('7001');
    expect(c.get('maxclients')).toBe('50');
    expect(c.file).toBe(p);
    expect(loadError(() => new Config().loadArgs(['--port', '1', '--maxclients', 'x']))).toBe(
      "Reading the configuration file, at line 3\n>>> 'maxclients \"x\"'\nargument couldn't be parsed into an integer",
    );
    expect(loadError(() => new Config().loadArgs([p, '--foo']))).toBe("Reading the configuration file, at line 4\n>>> 'foo'\nBad directive or wrong number of arguments");
  });
});

describe('CONFIG REWRITE text', () => {
  it('keeps comments and unknown lines, replaces in place, appends the rest after a signature', () => {
    const c = new Config();
    const old = [
      '# my server',
      'maxclients 10',
      '',
      '',
      'save 900 1',
      'save 300 10',
      'rename-command FLUSHALL ""',
      'hash-max-ziplist-entries 64',
      'timeout 0',
      '',
    ].join('\n');
    c.loadText(old.replace('rename-command FLUSHALL ""\n', '')); // a directive Podium cannot load, kept as is
    c.set('maxclients', '99');
    c.set('save', '60 5');
    c.set('maxmemory', '1gb');
    c.set('slowlog-log-slower-than', '5');
    c.set('notify-keyspace-events', 'Ex');
    const text = rewriteConfigText(old, c);
    expect(text).toBe(
      [
        '# my server',
        'maxclients 99',
        '',
        'save 60 5',
        '', // the second save line, blanked
        'rename-command FLUSHALL ""',
        'hash-max-listpack-entries 64',
        'timeout 0',
        '',
        '# Generated by CONFIG REWRITE',
        'slowlog-log-slower-than 5',
        'maxmemory 1gb',
        'notify-keyspace-events "xE"',
        'latency-tracking-info-percentiles 50 99 99.9', // always written, as Redis does
        `dir ${JSON.stringify(process.cwd())}`,
        '',
      ].join('\n'),
    );
  });

  it('comments out lines it cannot read', () => {
    const c = new Config();
    const text = rewriteConfigText('nosuchdirective 1\nsave ""\n', c);
    expect(text.split('\n').slice(0, 2)).toEqual(['# ??? nosuchdirective 1', 'save 3600 1']);
  });

  it('what it writes loads back to the same values', () => {
    const c = new Config();
    c.loadText('databases 8\nunixsocketperm 700');
    for (const [k, v] of [
      ['maxclients', '123'],
      ['client-output-buffer-limit', 'normal 1mb 0 0 pubsub 1kb 2000 5'],
      ['requirepass', 'p "w"\n'],
      ['bind', '127.0.0.1 -::1'],
      ['maxmemory-clients', '5%'],
      ['latency-tracking-info-percentiles', ''],
      ['shutdown-on-sigterm', 'now save'],
      ['oom-score-adj-values', '1 2 3'],
      ['notify-keyspace-events', 'KEA'],
      ['save', ''],
      ['proc-title-template', '{title} x'],
    ]) {
      expect(c.set(k, v), k).toBeNull();
    }
    const text = rewriteConfigText('', c);
    const d = new Config();
    d.loadText(text);
    for (const p of c.params()) expect(d.get(p.name), p.name).toBe(c.get(p.name));
  });

  it('Config.rewrite writes the file given at start', () => {
    const p = file('rw.conf', '# keep me\nport 7000\n');
    const c = new Config();
    c.loadArgs([p]);
    c.set('maxclients', '42');
    expect(c.rewrite()).toBeNull();
    const text = readFileSync(p, 'latin1');
    expect(text.startsWith('# keep me\nport 7000\n')).toBe(true);
    expect(text).toContain('\nmaxclients 42\n');
    expect(new Config().rewrite()).toBe('no file');
    const gone = new Config();
    gone.loadArgs([file('gone.conf', 'maxclients 5\n')]);
    gone.file = join(dir, 'no-such-dir', 'gone.conf');
    expect(gone.rewrite()).toBe('No such file or directory');
  });
});
