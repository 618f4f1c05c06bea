/** Sets: SADD, SPOP, the algebra (SINTER, SUNION, SDIFF and their STORE forms), SSCAN, ... */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { setCommands } from './set.ts';

export const setsGroup: CommandGroup = {
  name: 'sets',
  commands: setCommands,
  docs: groupDocs('sets', docs),
};
