/** Lists, with the blocking pops and moves. */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { listCommands } from './list.ts';

export const listsGroup: CommandGroup = {
  name: 'lists',
  commands: listCommands,
  docs: groupDocs('lists', docs),
};
