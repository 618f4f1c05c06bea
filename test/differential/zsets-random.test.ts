/**
 * Randomised differential sequences with sorted-set commands over a few keys and a small member
 * alphabet (scores with ties, infinities, -0 and %.17g-sensitive values): sorted sets with plain
 * writes of every type, then mixed with every other group, with small encoding thresholds, over
 * RESP3, and over more keys and members. Skipped (naming the missing commands) until Podium has
 * every sorted-set command the generator sends.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { allCommands } from '../../server/commands/table.ts';
import { redisUnavailable } from '../helpers/redis-ref.ts';
import { DiffEnv } from './lib/differ.ts';
import { CommandGenerator, type GeneratorOptions, type Group } from './lib/generator.ts';
import { formatArgv } from './lib/script.ts';
import { firstStatDivergence, formatRepro, shrink } from './lib/shrink.ts';

const ZSET_COMMANDS = [
  'zadd', 'zincrby', 'zrem', 'zscore', 'zmscore', 'zcard', 'zrank', 'zrevrank', 'zcount', 'zlexcount', 'zrange', 'zrevrange',
  'zrangebyscore', 'zrevrangebyscore', 'zrangebylex', 'zrevrangebylex', 'zrangestore', 'zremrangebyrank', 'zremrangebyscore',
  'zremrangebylex', 'zpopmin', 'zpopmax', 'zmpop', 'bzpopmin', 'bzpopmax', 'bzmpop', 'zunion', 'zinter', 'zdiff', 'zunionstore',
  'zinterstore', 'zdiffstore', 'zintercard', 'zrandmember', 'zscan',
];
const have = new Set(allCommands.map((c) => c.name.toLowerCase()));
const missing = ZSET_COMMANDS.filter((n) => !have.has(n));
if (missing.length > 0) console.warn(`differential: random sorted-set sequences skipped, Podium lacks: ${missing.join(' ')}`);

const ALL: Group[] = ['keys', 'strings', 'hashes', 'sets', 'lists', 'transactions', 'zsets'];
const SMALL = { 'zset-max-listpack-entries': '4', 'zset-max-listpack-value': '8', 'hash-max-listpack-entries': '4', 'set-max-intset-entries': '4' };
/** Other types' writes (for WRONGTYPE) at a twentieth of their weight, so most keys are sorted sets. */
const ZSETS_FIRST: GeneratorOptions = { foreignWeight: 0.05 };
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
  { name: 'sorted sets', groups: ['zsets'], seeds: [701, 702, 703], commands: 2000, gen: ZSETS_FIRST },
  { name: 'sorted sets, small encodings', groups: ['zsets'], seeds: [711, 712], commands: 2000, config: SMALL, gen: ZSETS_FIRST },
  { name: 'sorted sets over RESP3', groups: ['zsets'], seeds: [721, 722], commands: 1500, resp3: true, gen: ZSETS_FIRST },
  { name: 'sorted sets with transactions', groups: ['zsets', 'transactions'], seeds: [731], commands: 1500, gen: ZSETS_FIRST },
  { name: 'all groups with sorted sets', groups: ALL, seeds: [741, 742], commands: 3000 },
  { name: 'all groups with sorted sets, small encodings, RESP3', groups: ALL, seeds: [751], commands: 2000, config: SMALL, resp3: true },
  { name: 'sorted sets, 37 keys, 55 members, small encodings', groups: ['zsets', 'keys'], seeds: [761], commands: 3000, config: SMALL, gen: { extraKeys: 30, extraMembers: 40, foreignWeight: 0.05 } },
];

/** DIFF_EXTRA_SEEDS=N runs every line with N more seeds (a longer hunt; not part of the default run). */
const EXTRA = Number(process.env.DIFF_EXTRA_SEEDS ?? 0);
for (const run of RUNS) run.seeds.push(...Array.from({ length: EXTRA }, (_, i) => run.seeds[0] * 100 + i));

const label = missing.length > 0 ? `differential: random sorted-set sequences (skipped: Podium lacks ${missing.join(' ')})` : 'differential: random sorted-set sequences';

describe.skipIf(redisUnavailable !== null || missing.length > 0)(label, () => {
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
          const where = await firstStatDivergence(env, sent, { resp3: run.resp3 ?? false, config: run.config });
          s.assertSame(`\n  first command after which the statistics differ: ${where ?? '(does not reproduce)'}`);
        }
        const at = Number(s.mismatches[0].at.slice(1));
        const small = await shrink(env, sent.slice(0, at), { resp3: run.resp3 ?? false, config: run.config });
        s.assertSame(small !== null ? `\n  shrunk repro (from ${at} commands; fails at its last line):\n${formatRepro(small)}` : repro(sent, at));
      }, 120_000);
    }
  }
});

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
