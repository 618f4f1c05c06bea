/**
 * The command groups, in the order COMMAND lists them. The wiring (server/server.ts) hands this list
 * to the engine, which knows no group itself. A group is a folder: its table(s), its docs.json, and
 * an index.ts that is its only face to the other groups.
 */
import type { CommandDef, CommandGroup } from '../engine/command.ts';
import { connectionGroup } from './connection/index.ts';
import { serverGroup } from './server/index.ts';
import { keysGroup } from './keys/index.ts';
import { stringsGroup } from './strings/index.ts';
import { hashesGroup } from './hashes/index.ts';
import { listsGroup } from './lists/index.ts';
import { setsGroup } from './sets/index.ts';
import { sortedSetsGroup } from './sorted-sets/index.ts';
import { streamsGroup } from './streams/index.ts';
import { pubsubGroup } from './pubsub/index.ts';
import { liveGroup } from './live/index.ts';
import { transactionsGroup } from './transactions/index.ts';

export const commandGroups: readonly CommandGroup[] = [
  connectionGroup,
  serverGroup,
  keysGroup,
  stringsGroup,
  hashesGroup,
  listsGroup,
  setsGroup,
  sortedSetsGroup,
  streamsGroup,
  pubsubGroup,
  liveGroup,
  transactionsGroup,
];

/** Every group's table as one list (tests and tools that walk the whole table). */
export const allCommands: readonly CommandDef[] = commandGroups.flatMap((g) => g.commands);
