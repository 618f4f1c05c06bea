/**
 * Redis 7.0 error texts, verbatim, in one place. Handlers throw CommandError (or reply these strings);
 * never spell an error text inline elsewhere.
 */
export class CommandError extends Error {
  constructor(public readonly reply: string) {
    super(reply);
  }
}

export const Err = {
  syntax: 'ERR syntax error',
  wrongType: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  notInteger: 'ERR value is not an integer or out of range',
  notFloat: 'ERR value is not a valid float',
  overflow: 'ERR increment or decrement would overflow',
  incrFloatNaN: 'ERR increment would produce NaN or Infinity',
  noSuchKey: 'ERR no such key',
  outOfRange: 'ERR index out of range',
  invalidDbIndex: 'ERR DB index is out of range',
  invalidExpire: (cmd: string) => `ERR invalid expire time in '${cmd}' command`,
  wrongArity: (cmd: string) => `ERR wrong number of arguments for '${cmd}' command`,
  unknownCommand: (name: string, args: string[]) =>
    `ERR unknown command '${name}', with args beginning with: ${args.map((a) => `'${a}' `).join('')}`,
  unknownSubcommand: (sub: string, cmd: string) =>
    `ERR unknown subcommand '${sub}'. Try ${cmd.toUpperCase()} HELP.`,
  noAuth: 'NOAUTH Authentication required.',
  wrongPass: 'WRONGPASS invalid username-password pair or user is disabled.',
  authNoPassword:
    'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  nestedMulti: 'ERR MULTI calls can not be nested',
  execWithoutMulti: 'ERR EXEC without MULTI',
  discardWithoutMulti: 'ERR DISCARD without MULTI',
  watchInMulti: 'ERR WATCH inside MULTI is not allowed',
  execAbort: 'EXECABORT Transaction discarded because of previous errors.',
  stringTooLong: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  bitOffset: 'ERR bit offset is not an integer or out of range',
  offsetOutOfRange: 'ERR offset is out of range',
  sameObject: 'ERR source and destination objects are the same',
  notAllowedInSubscribe: (cmd: string) =>
    `ERR Can't execute '${cmd}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  oom: "OOM command not allowed when used memory > 'maxmemory'.",
  timeoutNegative: 'ERR timeout is negative',
  timeoutNotFloat: 'ERR timeout is not a float or out of range',
  countPositive: 'ERR value is out of range, must be positive',
  noScript: 'NOSCRIPT No matching script. Please use EVAL.',
} as const;

export function fail(reply: string): never {
  throw new CommandError(reply);
}
