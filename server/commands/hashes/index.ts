/** Hashes: HSET, HGET, HINCRBY(FLOAT), HRANDFIELD, HSCAN, ... */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { hashCommands } from './hash.ts';

export const hashesGroup: CommandGroup = {
  name: 'hashes',
  commands: hashCommands,
  docs: groupDocs('hashes', docs),
};
