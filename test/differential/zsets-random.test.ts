/**
 * Randomised differential sequences with sorted-set commands over a few keys and a small member
 * alphabet (scores with ties, infinities, -0 and %.17g-sensitive values): sorted sets with plain
 * writes of every type, then mixed with every other group, with small encoding thresholds, over
 * RESP3, and over more keys and members. Skipped (naming the missing commands) until Podium has
 * every sorted-set command the generator sends.
 */
import { describe } from 'vitest';
import { allCommands } from '../../server/commands/index.ts';
import { redisUnavailable } from '../helpers/redis-ref.ts';
import { randomRuns, type RandomRun } from '../helpers/random-runs.ts';
import type { GeneratorOptions, Group } from './lib/generator.ts';

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
const RUNS: RandomRun[] = [
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
  randomRuns(RUNS, 120_000);
});
