/** Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH. */
import { groupDocs, type CommandGroup } from '../../engine/command.ts';
import docs from './docs.json' with { type: 'json' };
import { transactionCommands } from './transaction.ts';

export const transactionsGroup: CommandGroup = {
  name: 'transactions',
  commands: transactionCommands,
  docs: groupDocs('transactions', docs),
};
