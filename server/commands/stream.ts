/** (placeholder: filled in by the group's implementation) */
import type { CommandDef } from './command.ts';

export const streamCommands: CommandDef[] = [];
