/**
 * Shrinks a failing random sequence to a short one that still fails at its last command (greedy
 * delta debugging, bounded in replays), so a report shows a repro of a few lines instead of thousands.
 */
import type { DiffEnv } from './differ.ts';
import { formatArgv } from './script.ts';

/** Replays `cmds` on emptied servers; true when the last command's replies differ. */
async function failsAtEnd(env: DiffEnv, cmds: string[][], resp3: boolean, config?: Record<string, string>): Promise<boolean> {
  await env.reset();
  const restore = config ? await env.configure(config) : null;
  const s = env.session({ resp3, label: 'shrink' });
  try {
    for (let i = 0; i < cmds.length; i++) {
      if (cmds[i][0] === '@conn') {
        await s.use(cmds[i][1]);
        continue;
      }
      const same = cmds[i][0] === '@scanall' ? await s.scanAll(cmds[i].slice(1), `#${i + 1}`) : (await s.command(cmds[i], `#${i + 1}`)).same;
      if (i === cmds.length - 1) return !same;
    }
    return false;
  } finally {
    s.close();
    await restore?.();
  }
}

export async function shrink(
  env: DiffEnv,
  prefix: string[][],
  opts: { resp3: boolean; config?: Record<string, string>; maxReplays?: number },
): Promise<string[][] | null> {
  let budget = opts.maxReplays ?? 300;
  const check = async (c: string[][]) => {
    budget--;
    return failsAtEnd(env, c, opts.resp3, opts.config);
  };
  if (!(await check(prefix))) return null; // does not reproduce on its own (depends on timing)
  let cur = prefix;
  let chunk = Math.max(1, Math.floor((cur.length - 1) / 2));
  while (chunk >= 1 && budget > 0) {
    let removed = false;
    // Never remove the failing command itself (the last one).
    for (let start = 0; start < cur.length - 1 && budget > 0; ) {
      const end = Math.min(start + chunk, cur.length - 1);
      const candidate = [...cur.slice(0, start), ...cur.slice(end)];
      if (await check(candidate)) {
        cur = candidate;
        removed = true;
      } else {
        start = end;
      }
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return cur;
}

export function formatRepro(cmds: string[][]): string {
  return cmds.map((a) => `    ${formatArgv(a)}`).join('\n');
}

const STAT_FIELDS = ['keyspace_hits', 'keyspace_misses', 'expired_keys', 'total_error_replies'];

/**
 * Replays a sequence whose final statistics differed, reading INFO stats from both servers after every
 * command, and returns the first command after which they differ (and how).
 */
export async function firstStatDivergence(
  env: DiffEnv,
  cmds: string[][],
  opts: { resp3: boolean; config?: Record<string, string> },
): Promise<string | null> {
  await env.reset();
  const restore = opts.config ? await env.configure(opts.config) : null;
  const s = env.session({ resp3: opts.resp3, label: 'shrink' });
  const stats = async () => {
    const [r, p] = await s.readBoth(['INFO', 'stats']);
    const pick = (n: { v: string | null }, skew: number) =>
      STAT_FIELDS.map((f) => {
        const line = (n.v ?? '').split('\r\n').find((l) => l.startsWith(`${f}:`)) ?? `${f}:?`;
        return f === 'keyspace_hits' && skew !== 0 ? `${f}:${Number(line.slice(f.length + 1)) + skew}` : line;
      }).join(' ');
    return [pick(r, s.hitSkew), pick(p, 0)];
  };
  try {
    await s.command(['CONFIG', 'RESETSTAT'], 'start');
    let [rPrev, pPrev] = await stats();
    for (let i = 0; i < cmds.length; i++) {
      const a = cmds[i];
      if (a[0] === '@conn') await s.use(a[1]);
      else if (a[0] === '@scanall') await s.scanAll(a.slice(1), `#${i + 1}`);
      else await s.command(a, `#${i + 1}`);
      if (s.inMulti) continue; // INFO would be queued
      const [r, p] = await stats();
      if (r !== p) return `#${i + 1} ${formatArgv(a)}\n    before: Redis ${rPrev} / Podium ${pPrev}\n    after:  Redis ${r} / Podium ${p}`;
      [rPrev, pPrev] = [r, p];
    }
    return null;
  } finally {
    s.close();
    await restore?.();
  }
}
