// Ad-hoc: top-10 live watch on a 1,000,000-member board under ~50,000 ZINCRBY/s.
import net from 'node:net';
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { parseReply } from '/work/main/test/helpers/redis-ref.ts';
import { resp } from '/work/main/test/helpers/server.ts';

const PORT = 16471;
const N = 1_000_000;
const RATE = 50_000;
const SECS = Number(process.env.SECS ?? 10);

const srv = spawn('npx', ['tsx', 'server/main.ts', '--port', String(PORT), '--http-port', '0', '--save', ''], { cwd: '/work/main', stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((res) => srv.stdout!.on('data', (d) => { if (String(d).includes('ready')) res(); }));
const w = new Redis({ port: PORT });
let rnd = 12345;
const rand = () => ((rnd = (rnd * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
console.log('loading', N);
for (let i = 0; i < N; i += 10000) {
  const args: (string | number)[] = [];
  for (let j = i; j < i + 10000; j++) args.push(Math.floor(rand() * 1e6), 'player:' + j);
  await w.zadd('board', ...args);
}
const sock = net.connect({ port: PORT, host: '127.0.0.1' });
await new Promise((r) => sock.once('connect', r));
let buf = '';
let pushBytes = 0, pushes = 0, snapshotBytes = 0;
const lat: number[] = [];
const probeSent = new Map<number, number>();
sock.on('data', (d) => {
  buf += d.toString('latin1');
  let pos = 0;
  for (;;) {
    const r = parseReply(buf, pos);
    if (r === null) break;
    if (r.node.t === '>') {
      pushes++;
      pushBytes += r.node.raw.length;
      if (snapshotBytes === 0) snapshotBytes = r.node.raw.length;
      const m = /probe[^,]*,\s*?(\d+)/.exec('');
      const found = r.node.raw.match(/\$5\r\nprobe\r\n\$5\r\nscore\r\n,(\d+)/);
      if (found) { const n = Number(found[1]) - 1e12; const t = probeSent.get(n); if (t) lat.push(performance.now() - t); }
    }
    pos = r.end;
  }
  buf = buf.slice(pos);
});
sock.write(resp('HELLO', '3'));
sock.write(resp('LIVE.WATCH', 'board', 'TOP', '10'));
await new Promise((r) => setTimeout(r, 300));
pushBytes = 0; pushes = 0;
const contenders = Array.from({ length: 50 }, (_, i) => 'player:' + i);
await w.zadd('board', ...contenders.flatMap((m, i) => [1e6 + i * 100, m]));
let sent = 0;
const t0 = performance.now();
let probe = 0;
while (performance.now() - t0 < SECS * 1000) {
  const due = Math.floor(((performance.now() - t0) / 1000) * RATE);
  const p = w.pipeline();
  for (; sent < due; sent++) {
    if (rand() < 0.05) p.zincrby('board', Math.floor(rand() * 2000) - 1000, contenders[Math.floor(rand() * 50)]);
    else p.zincrby('board', Math.floor(rand() * 1000), 'player:' + Math.floor(rand() * N));
  }
  if (sent % 10 === 0 || true) {
    probe++;
    probeSent.set(probe, performance.now());
    p.zadd('board', 1e12 + probe, 'probe');
  }
  await p.exec();
  await new Promise((r) => setTimeout(r, 5));
}
const secs = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 200));
lat.sort((a, b) => a - b);
const q = (x: number) => lat[Math.floor(x * (lat.length - 1))]?.toFixed(1);
const full = await w.call('ZREVRANGE', 'board', '0', '9', 'WITHSCORES') as string[];
console.log(JSON.stringify({ writesPerSec: Math.round(sent / secs), pushesPerSec: +(pushes / secs).toFixed(1), deltaBytesPerSec: Math.round(pushBytes / secs), snapshotBytes, fullTop10EveryPushBytesPerSec: Math.round((pushes * snapshotBytes) / secs), latencyMs: { p50: q(0.5), p99: q(0.99), n: lat.length } }));
w.disconnect(); sock.destroy(); srv.kill();
process.exit(0);
