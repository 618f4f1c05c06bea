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
      const { same } = await s.command(cmds[i], `#${i + 1}`);
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
