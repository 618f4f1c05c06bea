/**
 * Layer rules (../shared/DESIGN.md), checked by `npm run lint:layers` in CI. Dependencies point one way:
 *   transports → protocol → commands → engine → store → lib
 * Type-only imports count for the layer rules (a type from a higher layer is still a dependency on it).
 * A red rule is a bug in the code, never a rule to loosen.
 */
const LAYERS_ABOVE_STORE = '^server/(engine|commands|protocol|transports|scripting|persistence|replication)/';
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle anywhere under server/ and shared/ (value imports; ES module init order).',
      from: { path: '^(server|shared)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      scope: 'folder',
      comment: 'Folders form a DAG, type-only imports included: a folder never depends back on one that depends on it.',
      from: { path: '^(server|shared)/' },
      to: { circular: true },
    },
    {
      name: 'store-knows-no-layer-above',
      severity: 'error',
      comment: 'store/ holds the keyspace and data structures only.',
      from: { path: '^server/store/' },
      to: { path: LAYERS_ABOVE_STORE },
    },
    {
      name: 'lib-is-a-leaf',
      severity: 'error',
      comment: 'server/lib/ is small helpers (clock, random, glob, number formatting) used by every layer.',
      from: { path: '^server/lib/' },
      to: { path: '^server/(?!lib/)' },
    },
    {
      name: 'protocol-knows-no-commands',
      severity: 'error',
      comment: 'protocol/ encodes and decodes; it knows nothing of command groups or transports.',
      from: { path: '^server/protocol/' },
      to: { path: '^server/(commands|transports|store)/' },
    },
    {
      name: 'engine-knows-no-commands',
      severity: 'error',
      comment: 'engine/ is the runtime; the command table is handed to it by the wiring.',
      from: { path: '^server/engine/' },
      to: { path: '^server/(commands|protocol|transports|scripting|persistence|replication)/|^server/server\\.ts$' },
    },
    {
      name: 'commands-know-no-transports',
      severity: 'error',
      comment: 'Handlers reply through the Reply interface; sockets are the transports\' business.',
      from: { path: '^server/commands/' },
      to: { path: '^server/transports/|^server/server\\.ts$' },
    },
    {
      name: 'groups-meet-through-their-index',
      severity: 'error',
      comment: 'A command group uses another group only through that group\'s index.ts (its public face); shared helpers live in commands/shared/.',
      from: { path: '^server/commands/([^/]+)/' },
      to: { path: '^server/commands/[^/]+/', pathNot: ['^server/commands/$1/', '^server/commands/shared/', '^server/commands/[^/]+/index\\.ts$'] },
    },
    {
      name: 'shared-helpers-know-no-group',
      severity: 'error',
      from: { path: '^server/commands/shared/' },
      to: { path: '^server/commands/(?!shared/)' },
    },
    {
      name: 'transports-know-no-command-group',
      severity: 'error',
      comment: 'Transports feed the engine\'s dispatch; they never reach into a command group.',
      from: { path: '^server/transports/' },
      to: { path: '^server/commands/' },
    },
    {
      name: 'shared-client-knows-no-server',
      severity: 'error',
      comment: 'Top-level shared/ (wire types, client) is used by browsers and tests: no server code.',
      from: { path: '^shared/' },
      to: { path: '^server/' },
    },
    {
      name: 'shared-client-uses-no-node-module',
      severity: 'error',
      comment: 'Top-level shared/ runs in browsers: no node: (core) modules.',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^(server|shared)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
