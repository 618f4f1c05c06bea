/** Pub/sub: the SUBSCRIBE family, PUBLISH, SPUBLISH, PUBSUB (the broker is engine/broker.ts). */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { pubsubCommands } from './pubsub.ts';

export const pubsubGroup: CommandGroup = {
  name: 'pubsub',
  commands: pubsubCommands,
  docs: groupDocs('pubsub', docs),
};
