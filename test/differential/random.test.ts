/**
 * Randomised differential sequences: thousands of seeded commands per run over a few keys and a small
 * alphabet, first per group (plus writes of every type, for WRONGTYPE), then all groups mixed, with
 * small encoding thresholds, and over RESP3. A run stops after a few mismatches, since the two
 * keyspaces may differ from then on; the report lists the earlier commands on the same keys.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { redisUnavailable } from '../helpers/redis-ref.ts';
import { DiffEnv } from './lib/differ.ts';
import { CommandGenerator, type GeneratorOptions, type Group } from './lib/generator.ts';
import { formatArgv } from './lib/script.ts';
import { firstStatDivergence, formatRepro, shrink } from './lib/shrink.ts';

const ALL: Group[] = ['keys', 'strings', 'hashes', 'sets', 'lists', 'transactions'];
const SMALL_ENCODINGS = { 'hash-max-listpack-entries': '4', 'hash-max-listpack-value': '8', 'set-max-intset-entries': '4' };
/** Commands that touch every key of a database (kept in a repro whatever keys it is about). */
const GLOBAL = new Set(['select', 'swapdb', 'flushdb', 'flushall', 'multi', 'exec', 'discard', 'watch', 'unwatch', 'mset', 'msetnx']);

interface Run {
  name: string;
  groups: Group[];
  seeds: number[];
  commands: number;
  resp3?: boolean;
  config?: Record<string, string>;
  gen?: GeneratorOptions;
}

const RUNS: Run[] = [
  { name: 'strings', groups: ['strings'], seeds: [101, 102], commands: 1500 },
  { name: 'keys', groups: ['keys'], seeds: [201, 202], commands: 1500 },
  { name: 'hashes', groups: ['hashes'], seeds: [301, 302], commands: 1500 },
  { name: 'sets', groups: ['sets'], seeds: [401, 402], commands: 1500 },
  { name: 'lists', groups: ['lists'], seeds: [501, 502], commands: 1500 },
  { name: 'transactions', groups: ['transactions', 'strings'], seeds: [601, 602], commands: 1500 },
  { name: 'all groups', groups: ALL, seeds: [1, 2, 3, 4], commands: 3000 },
  { name: 'all groups, small encodings', groups: ALL, seeds: [11, 12], commands: 3000, config: SMALL_ENCODINGS },
  { name: 'all groups over RESP3', groups: ALL, seeds: [21, 22], commands: 2000, resp3: true },
  { name: 'all groups, 37 keys, 55 members, small encodings', groups: ALL, seeds: [31, 32], commands: 3000, config: SMALL_ENCODINGS, gen: { extraKeys: 30, extraMembers: 40 } },
];

describe.skipIf(redisUnavailable !== null)('differential: random sequences', () => {
  let env: DiffEnv;
  beforeAll(async () => {
    env = await DiffEnv.start();
  });
  afterAll(async () => {
    await env?.stop();
  });

  for (const run of RUNS) {
    for (const seed of run.seeds) {
      it(`${run.name}, seed ${seed}, ${run.commands} commands`, async () => {
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
      });
    }
  }
});

/** When shrinking cannot reproduce: the commands before the first mismatch on the same keys. */
function repro(sent: string[][], at: number): string {
  const failing = sent[at - 1];
  const keys = new Set(failing.slice(1));
  const lines: string[] = [];
  for (let i = 0; i < at; i++) {
    const argv = sent[i];
    if (GLOBAL.has(argv[0].toLowerCase()) || argv.slice(1).some((a) => keys.has(a))) lines.push(`    #${i + 1} ${formatArgv(argv)}`);
  }
  return `\n  earlier commands on the same keys (of ${at}):\n${lines.slice(-40).join('\n')}`;
}
