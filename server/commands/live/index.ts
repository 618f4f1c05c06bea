/** Live subscriptions (LIVE.*): watched leaderboard windows and streams, pushed as deltas. */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { liveCommands } from './live.ts';

export const liveGroup: CommandGroup = {
  name: 'live',
  commands: liveCommands,
  docs: groupDocs('live', docs),
};
