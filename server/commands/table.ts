/** Every group's table, in the order COMMAND lists them. */
import type { CommandDef } from './command.ts';
import { connectionCommands } from './connection.ts';
import { clientCommands } from './client-command.ts';
import { serverCommands } from './server.ts';
import { configCommands } from './config-command.ts';
import { introspectionCommands } from './introspection.ts';
import { keyCommands } from './keys.ts';
import { stringCommands } from './string.ts';
import { hashCommands } from './hash.ts';
import { listCommands } from './list.ts';
import { setCommands } from './set.ts';
import { transactionCommands } from './transaction.ts';
import { zsetCommands } from './zset.ts';
import { zsetRangeCommands } from './zset-range.ts';
import { zsetOpsCommands } from './zset-ops.ts';
import { leaderboardCommands } from './leaderboard.ts';
import { streamCommands } from './stream.ts';
import { pubsubCommands } from './pubsub.ts';
import { liveCommands } from './live.ts';

export const allCommands: readonly CommandDef[] = [
  ...connectionCommands,
  ...clientCommands,
  ...serverCommands,
  ...configCommands,
  ...introspectionCommands,
  ...keyCommands,
  ...stringCommands,
  ...hashCommands,
  ...listCommands,
  ...setCommands,
  ...zsetCommands,
  ...zsetRangeCommands,
  ...zsetOpsCommands,
  ...leaderboardCommands,
  ...streamCommands,
  ...pubsubCommands,
  ...liveCommands,
  ...transactionCommands,
];
