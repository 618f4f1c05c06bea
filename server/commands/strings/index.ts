/** Strings: GET, SET and its options, counters, ranges, LCS. */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { stringCommands } from './string.ts';

export const stringsGroup: CommandGroup = {
  name: 'strings',
  commands: stringCommands,
  docs: groupDocs('strings', docs),
};
