/** Connection: PING, ECHO, HELLO, AUTH, SELECT, RESET, QUIT and CLIENT. */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { connectionCommands } from './connection.ts';
import { clientCommands } from './client-command.ts';

export const connectionGroup: CommandGroup = {
  name: 'connection',
  commands: [...connectionCommands, ...clientCommands],
  docs: groupDocs('connection', docs),
};
