/** Generic key commands (DEL, EXISTS, RENAME, SCAN, the TTL family, OBJECT) and the keyspace-wide ones. */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { keyCommands } from './keys.ts';

export const keysGroup: CommandGroup = {
  name: 'keys',
  commands: keyCommands,
  docs: groupDocs('keys', docs),
};
