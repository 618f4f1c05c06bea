/**
 * Randomised differential runs (test/differential/*random*.test.ts): each run sends thousands of
 * seeded commands to redis-server and Podium side by side. A run stops after a few mismatches, since
 * the two keyspaces may differ from then on; the report gives a shrunk repro, or else the earlier
 * commands on the same keys.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { DiffEnv } from '../differential/lib/differ.ts';
import { CommandGenerator, type GeneratorOptions, type Group } from '../differential/lib/generator.ts';
import { formatArgv } from '../differential/lib/script.ts';
import { firstStatDivergence, formatRepro, shrink } from '../differential/lib/shrink.ts';

export interface RandomRun {
  name: string;
  groups: Group[];
  seeds: number[];
  commands: number;
  resp3?: boolean;
  config?: Record<string, string>;
  gen?: GeneratorOptions;
}

/** Commands that touch every key of a database (kept in a repro whatever keys it is about). */
const GLOBAL = new Set(['select', 'swapdb', 'flushdb', 'flushall', 'multi', 'exec', 'discard', 'watch', 'unwatch', 'mset', 'msetnx']);

/** Inside a describe: one DiffEnv for it, and a test per run and seed. */
export function randomRuns(runs: RandomRun[], timeoutMs?: number): void {
  let env: DiffEnv;
  beforeAll(async () => {
    env = await DiffEnv.start();
  });
  afterAll(async () => {
    await env?.stop();
  });

  for (const run of runs) {
    for (const seed of run.seeds) {
      const test = async () => {
        await env.reset();
        const restore = run.config ? await env.configure(run.config) : null;
        const s = env.session({ resp3: run.resp3, label: `random ${run.name} seed ${seed}` });
        s.limit = 5;
        const gen = new CommandGenerator(seed, run.groups, run.gen);
        const sent: string[][] = [];
        try {
          await s.command(['CONFIG', 'RESETSTAT'], 'start');
          for (let i = 0; i < run.commands && s.mismatches.length < s.limit; i++) {
            const argv = gen.next();
            sent.push(argv);
            if (argv[0] === '@conn') await s.use(argv[1]);
            else if (argv[0] === '@scanall') await s.scanAll(argv.slice(1), `#${i + 1}`);
            else await s.command(argv, `#${i + 1}`);
          }
          if (s.mismatches.length === 0) {
            // Every read above counted a hit or a miss, every error reply an error, on both servers
            // alike (the harness's own reads for random picks go to both; SPOP's repair writes to
            // Podium only, and writes count neither).
            await s.use('a');
            await s.info('stats', ['keyspace_hits', 'keyspace_misses', 'expired_keys', 'total_error_replies'], 'end');
            await s.info('errorstats', [], 'end');
          }
        } finally {
          s.close();
          await restore?.();
        }
        if (s.mismatches.length === 0) return;
        if (!s.mismatches[0].at.startsWith('#')) {
          // Only the statistics at the end differ: find the command that counted differently.
          const where = await firstStatDivergence(env, sent, { resp3: run.resp3 ?? false, config: run.config });
          s.assertSame(`\n  first command after which the statistics differ: ${where ?? '(does not reproduce)'}`);
        }
        const at = Number(s.mismatches[0].at.slice(1));
        const small = await shrink(env, sent.slice(0, at), { resp3: run.resp3 ?? false, config: run.config });
        s.assertSame(small !== null ? `\n  shrunk repro (from ${at} commands; fails at its last line):\n${formatRepro(small)}` : repro(sent, at));
      };
      const name = `${run.name}, seed ${seed}, ${run.commands} commands`;
      if (timeoutMs === undefined) it(name, test);
      else it(name, test, timeoutMs);
    }
  }
}

/** When shrinking cannot reproduce: the commands before the first mismatch on the same keys. */
function repro(sent: string[][], at: number): string {
  const keys = new Set(sent[at - 1].slice(1));
  const lines: string[] = [];
  for (let i = 0; i < at; i++) {
    const argv = sent[i];
    if (GLOBAL.has(argv[0].toLowerCase()) || argv.slice(1).some((a) => keys.has(a))) lines.push(`    #${i + 1} ${formatArgv(argv)}`);
  }
  return `\n  earlier commands on the same keys (of ${at}):\n${lines.slice(-40).join('\n')}`;
}
