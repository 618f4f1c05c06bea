/** Streams: XADD, XRANGE, XREAD, consumer groups, XINFO. */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { streamCommands } from './stream.ts';

/** For other groups: stream ID arguments as XADD and XREAD read them. */
export { idArg } from './stream-common.ts';

export const streamsGroup: CommandGroup = {
  name: 'streams',
  commands: streamCommands,
  docs: groupDocs('streams', docs),
};
