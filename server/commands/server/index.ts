/** Server and administration: INFO, CONFIG, COMMAND, SLOWLOG, LATENCY, MONITOR, SHUTDOWN, DEBUG. */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { serverCommands } from './server.ts';
import { configCommands } from './config-command.ts';
import { introspectionCommands } from './introspection.ts';

export const serverGroup: CommandGroup = {
  name: 'server',
  commands: [...serverCommands, ...configCommands, ...introspectionCommands],
  docs: groupDocs('server', docs),
};
