/**
 * Randomised differential sequences: thousands of seeded commands per run over a few keys and a small
 * alphabet, first per group (plus writes of every type, for WRONGTYPE), then all groups mixed, with
 * small encoding thresholds, and over RESP3. A run stops after a few mismatches, since the two
 * keyspaces may differ from then on; the report lists the earlier commands on the same keys.
 */
import { describe } from 'vitest';
import { redisUnavailable } from '../helpers/redis-ref.ts';
import { randomRuns, type RandomRun } from '../helpers/random-runs.ts';
import type { Group } from './lib/generator.ts';

const ALL: Group[] = ['keys', 'strings', 'hashes', 'sets', 'lists', 'transactions'];
const SMALL_ENCODINGS = { 'hash-max-listpack-entries': '4', 'hash-max-listpack-value': '8', 'set-max-intset-entries': '4' };

const RUNS: RandomRun[] = [
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
  randomRuns(RUNS);
});
