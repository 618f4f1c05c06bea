/** Sorted sets (Z*) and the leaderboards built on them (LB.*). */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { zsetCommands } from './zset.ts';
import { zsetRangeCommands } from './zset-range.ts';
import { zsetOpsCommands } from './zset-ops.ts';
import { leaderboardCommands } from './leaderboard.ts';

/** For the live subscriptions: a board's configuration, where its writes go, and its read views. */
export { keyOf, loadBoard, memberOf, metaKey, rankOfKey, rollingView, setView, viewSize, writeTarget, type Board, type View } from './leaderboard-board.ts';

export const sortedSetsGroup: CommandGroup = {
  name: 'sorted-sets',
  commands: [...zsetCommands, ...zsetRangeCommands, ...zsetOpsCommands, ...leaderboardCommands],
  docs: groupDocs('sorted-sets', docs),
};
