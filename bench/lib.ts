/**
 * What the side-by-side benchmarks share: starting Podium and redis-server on free ports, asking a
 * server one inline command, running redis-benchmark and reading its CSV row, and formatting.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Exits with a hint when a tool the benchmark needs is missing. */
export function requireTools(...tools: string[]): void {
  for (const tool of tools) {
    if (!which(tool)) {
      console.error(`${tool} is not installed: apt-get install -y redis-server redis-tools`);
      process.exit(2);
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Sends one inline command and returns the first reply line (or null if nothing listens). */
export function ask(port: number, line: string, timeoutMs = 2000): Promise<string | null> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let buf = '';
    const done = (v: string | null) => {
      clearTimeout(t);
      s.destroy();
      resolve(v);
    };
    const t = setTimeout(() => done(null), timeoutMs);
    s.on('connect', () => s.write(`${line}\r\n`));
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const i = buf.indexOf('\r\n');
      if (i >= 0) done(buf.slice(0, i));
    });
    s.on('error', () => done(null));
  });
}

export interface Server {
  name: string;
  port: number;
  proc: ChildProcess;
}

export async function startServer(name: string, cmd: string, args: string[], port: number): Promise<Server> {
  const proc = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d) => (err += d));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) break;
    if ((await ask(port, 'PING', 500)) === '+PONG') return { name, port, proc };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`${name} did not start on port ${port}: ${err}`);
}

export function stop(s: Server): Promise<void> {
  return new Promise((resolve) => {
    if (s.proc.exitCode !== null) return resolve();
    s.proc.once('exit', () => resolve());
    s.proc.kill('SIGTERM');
    setTimeout(() => s.proc.kill('SIGKILL'), 3000).unref();
  });
}

export interface Result {
  rps: number | null;
  /** Why there is no number (errors from the server, timeout). */
  note?: string;
}

/**
 * One redis-benchmark run; `args` are its options after host and port (-c, -n, -P, -t ...), `command`
 * a custom command's words (they must come last). `row` is the CSV row to read: the -t test's row
 * name, or the custom command's text.
 */
export function redisBenchmark(port: number, args: string[], row: string, timeoutMs: number, command: string[] = []): Result {
  const all = ['-h', '127.0.0.1', '-p', String(port), ...args, '--csv', '-q', ...command];
  const r = spawnSync('redis-benchmark', all, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) return { rps: null, note: (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? 'timeout' : String(r.error) };
  for (const line of r.stdout.split('\n')) {
    const cells = line.split('","').map((c) => c.replace(/^"|"$/g, ''));
    if (cells[0] === row && Number(cells[1]) > 0) return { rps: Number(cells[1]) };
  }
  const why = (r.stderr + r.stdout).split('\n').find((l) => /error/i.test(l)) ?? `exit ${r.status}`;
  const unknown = /ERR unknown command '[^']*'/.exec(why);
  return { rps: null, note: unknown ? unknown[0] : why.trim().slice(0, 60) };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Median of the runs that produced a number, or the first failure's note. */
export function cells(rr: Result[], pr: Result[]): { redis: string; podium: string; ratio: string } {
  const rv = rr.filter((x) => x.rps !== null).map((x) => x.rps!);
  const pv = pr.filter((x) => x.rps !== null).map((x) => x.rps!);
  return {
    redis: rv.length ? fmt(median(rv)) : `n/a (${rr[0]?.note})`,
    podium: pv.length ? fmt(median(pv)) : `n/a (${pr[0]?.note})`,
    ratio: rv.length && pv.length ? (median(pv) / median(rv)).toFixed(2) : '–',
  };
}
