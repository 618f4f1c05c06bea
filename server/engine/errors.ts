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
  pubsubDenyBlocking: (cmd: string) => `ERR ${cmd} isn't allowed for a DENY BLOCKING client`,
  oom: "OOM command not allowed when used memory > 'maxmemory'.",
  timeoutNegative: 'ERR timeout is negative',
  timeoutNotFloat: 'ERR timeout is not a float or out of range',
  countPositive: 'ERR value is out of range, must be positive',
  noScript: 'NOSCRIPT No matching script. Please use EVAL.',
  lposRankZero:
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
  lposCountNegative: "ERR COUNT can't be negative",
  lposMaxlenNegative: "ERR MAXLEN can't be negative",
  numkeysPositive: 'ERR numkeys should be greater than 0',
  countGreaterThanZero: 'ERR count should be greater than 0',
  // connection / client / server-admin commands
  helloNoAuth:
    'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
  noProto: 'NOPROTO unsupported protocol version',
  helloProtoNotInt: 'ERR Protocol version is not an integer or out of range',
  helloSyntax: (opt: string) => `ERR Syntax error in HELLO option '${opt}'`,
  subcommandSyntax: (sub: string, cmd: string) =>
    `ERR unknown subcommand or wrong number of arguments for '${sub}'. Try ${cmd.toUpperCase()} HELP.`,
  clientNameInvalid: 'ERR Client names cannot contain spaces, newlines or special characters.',
  noSuchClient: 'ERR No such client',
  clientIdPositive: 'ERR client-id should be greater than 0',
  invalidClientId: 'ERR Invalid client ID',
  unknownClientType: (t: string) => `ERR Unknown client type '${t}'`,
  noSuchUser: (u: string) => `ERR No such user '${u}'`,
  unblockReason: 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR',
  pauseMode: 'ERR CLIENT PAUSE mode must be WRITE or ALL',
  timeoutNotInteger: 'ERR timeout is not an integer or out of range',
  timeoutOutOfRange: 'ERR timeout is out of range',
  cachingNotTracking:
    'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
  trackingRedirectTwice: 'ERR A client can only redirect to a single other client',
  trackingRedirectMissing: 'ERR The client ID you want redirect to does not exist',
  trackingUnsupported: 'ERR CLIENT TRACKING (client side caching) is not supported by Podium',
  monitorDenyBlocking: "ERR MONITOR isn't allowed for DENY BLOCKING client",
  slowlogCount: 'ERR count should be greater than or equal to -1',
  noShutdownInProgress: 'ERR No shutdown in progress.',
  shutdownFailed: 'ERR Errors trying to SHUTDOWN. Check logs.',
  latencyNoSamples: (event: string) => `ERR No samples available for event '${event}'`,
  debugNotAllowed:
    'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.',
  // Generic key commands (keys.ts, keys-expire.ts)
  expireNxIncompatible: 'ERR NX and XX, GT or LT options at the same time are not compatible',
  expireGtLtIncompatible: 'ERR GT and LT options at the same time are not compatible',
  unsupportedOption: (opt: string) => `ERR Unsupported option ${opt}`,
  int32Range: 'ERR value is out of range, value must between -2147483648 and 2147483647',
  invalidFirstDb: 'ERR invalid first DB index',
  invalidSecondDb: 'ERR invalid second DB index',
  lfuNotSelected:
    'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  lfuSelected:
    'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  // Strings (string*.ts, long-double.ts)
  hashValueNotFloat: 'ERR hash value is not a float',
  valueNaNOrInf: 'ERR value is NaN or Infinity',
  decrementOverflow: 'ERR decrement would overflow',
  lcsNotStrings: 'ERR The specified keys must contain string values',
  lcsIdxAndLen: 'ERR If you want both the length and indexes, please just use IDX.',
  lcsTooBig: 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len',
  lcsAllocFailed: 'ERR Insufficient memory, failed allocating transient memory for LCS',
  // Hashes and sets (hash.ts, set.ts)
  hashValueNotInteger: 'ERR hash value is not an integer',
  longRange: 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807',
  valueOutOfRange: 'ERR value is out of range',
  tooManyNumkeys: "ERR Number of keys can't be greater than number of args",
  limitNegative: "ERR LIMIT can't be negative",
  invalidCursor: 'ERR invalid cursor',
  // CONFIG and COMMAND (config-command.ts, introspection.ts)
  configUnknownOption: (name: string) => `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`,
  configSetFailed: (name: string, reason: string) => `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`,
  configNoFile: 'ERR The server is running without a config file',
  configRewriteFailed: (reason: string) => `ERR Rewriting config file: ${reason}`,
  getkeysInvalidCommand: 'ERR Invalid command specified',
  getkeysNoKeys: 'ERR The command has no key arguments',
  getkeysInvalidArity: 'ERR Invalid number of arguments specified for command',
  getkeysInvalidArgs: 'ERR Invalid arguments specified for command',
  // Sorted-set ranges and algebra (zset-range.ts, zset-ops.ts)
  zrangeLimitNeedsByscoreBylex: 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
  zrangeWithscoresBylex: 'ERR syntax error, WITHSCORES not supported in combination with BYLEX',
  zsetOpNeedsKey: (cmd: string) => `ERR at least 1 input key is needed for '${cmd}' command`,
  weightNotFloat: 'ERR weight value is not a float',
  // Sorted-set core (zset.ts, zset-pop.ts)
  zaddXxNx: 'ERR XX and NX options at the same time are not compatible',
  zaddGtLtNx: 'ERR GT, LT, and/or NX options at the same time are not compatible',
  zaddIncrPair: 'ERR INCR option supports a single increment-element pair',
  // Streams (stream.ts, stream-read.ts)
  streamInvalidId: 'ERR Invalid stream ID specified as stream command argument',
  xaddIdSmall: 'ERR The ID specified in XADD is equal or smaller than the target stream top item',
  streamElementsTooLarge: 'ERR Elements are too large to be stored',
  xaddIdZero: 'ERR The ID specified in XADD must be greater than 0-0',
  streamExhausted: 'ERR The stream has exhausted the last possible ID, unable to add more items',
  xaddMaxlenNegative: 'ERR The MAXLEN argument must be >= 0.',
  xaddLimitNegative: 'ERR The LIMIT argument must be >= 0.',
  xaddMaxlenMinid: 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible',
  xaddLimitNoStrategy: 'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy',
  xaddLimitNoApprox: 'ERR syntax error, LIMIT cannot be used without the special ~ option',
  xtrimNoStrategy: 'ERR syntax error, XTRIM must be called with a trimming strategy',
  streamInvalidStart: 'ERR invalid start ID for the interval',
  streamInvalidEnd: 'ERR invalid end ID for the interval',
  xreadUnbalanced: (cmd: string) => `ERR Unbalanced ${cmd} list of streams: for each stream key an ID or '$' must be specified.`,
  xreadGroupOption: 'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.',
  xreadNoackOption: 'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.',
  xreadGtId: 'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
  xsetidEntriesAdded: 'ERR entries_added must be positive',
  xsetidSmallerThanMaxDeleted: 'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id',
  xsetidSmallerThanCurrentMaxDeleted: 'ERR The ID specified in XSETID is smaller than current max_deleted_entry_id',
  xsetidSmallerThanTop: 'ERR The ID specified in XSETID is smaller than the target stream top item',
  xsetidEntriesAddedSmall: 'ERR The entries_added specified in XSETID is smaller than the target stream length',
  // Consumer groups (stream-groups.ts, stream-claim.ts, stream-info.ts)
  xgroupEntriesRead: 'ERR value for ENTRIESREAD must be positive or -1',
  xgroupNoKey: 'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
  xgroupNoGroup: (group: string, key: string) => `NOGROUP No such consumer group '${group}' for key name '${key}'`,
  xgroupBusy: 'BUSYGROUP Consumer Group name already exists',
  xreadBlockScript: (cmd: string) => `ERR ${cmd} command is not allowed with BLOCK option from scripts`,
  xreadgroupMissingGroup: 'ERR Missing GROUP option for XREADGROUP',
  xreadgroupNoGroup: (key: string, group: string) => `NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`,
  xreadgroupDollar: 'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
  xreadgroupKeyGone: 'UNBLOCKED the stream key no longer exists',
  xreadgroupGroupGone: 'NOGROUP the consumer group this client was blocked on no longer exists',
  streamNoGroup: (key: string, group: string) => `NOGROUP No such key '${key}' or consumer group '${group}'`,
  xclaimMinIdle: 'ERR Invalid min-idle-time argument for XCLAIM',
  xclaimIdle: 'ERR Invalid IDLE option argument for XCLAIM',
  xclaimTime: 'ERR Invalid TIME option argument for XCLAIM',
  xclaimRetrycount: 'ERR Invalid RETRYCOUNT option argument for XCLAIM',
  xclaimOption: (opt: string) => `ERR Unrecognized XCLAIM option '${opt}'`,
  xautoclaimMinIdle: 'ERR Invalid min-idle-time argument for XAUTOCLAIM',
  xautoclaimCount: 'ERR COUNT must be > 0',
} as const;

export function fail(reply: string): never {
  throw new CommandError(reply);
}
