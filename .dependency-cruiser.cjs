/** Enforces the dependency direction of DESIGN.md §2. */
const coreLayer = (name) => `^packages/core/src/${name}/`;
/** Every rule's message: what to do about a violation is explained there. */
const SEE =
  'Dependencies point one way; see docs/architecture.md ("Packages and layers") for the layers and where shared code goes.';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: SEE, from: {}, to: { circular: true } },
    {
      // Tests may use testkit's real peers; the library itself imports nothing of ours.
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      comment: SEE,
      from: { path: '^packages/core/src/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^packages/(cli|server|team|web|testkit)/' },
    },
    {
      name: 'testkit-imports-core-types-only',
      severity: 'error',
      comment: SEE,
      from: { path: '^packages/testkit/src/' },
      to: { path: '^packages/(cli|server|team|web)/' },
    },
    {
      name: 'server-does-not-import-cli',
      severity: 'error',
      comment: SEE,
      from: { path: '^packages/server/' },
      to: { path: '^packages/(cli|team|web)/' },
    },
    {
      // Team mode is built on core and the gateway's routes; only the CLI starts it.
      name: 'team-imports-core-and-server-only',
      severity: 'error',
      comment: SEE,
      from: { path: '^packages/team/' },
      to: { path: '^packages/(cli|web)/' },
    },
    {
      name: 'web-imports-only-itself',
      severity: 'error',
      comment: SEE,
      // The app talks to the server over HTTP only; its browser tests start real peers (testkit).
      from: { path: '^packages/web/', pathNot: '^packages/web/test/' },
      to: { path: '^packages/(core|cli|testkit)/' },
    },
    // Inside core: catalog, config, errors <- network, vault <- oauth <- auth <- providers <- runtime.
    {
      name: 'catalog-is-a-leaf',
      severity: 'error',
      comment: SEE,
      from: { path: coreLayer('catalog') },
      to: { path: coreLayer('(vault|oauth|auth|providers|runtime)') },
    },
    {
      name: 'config-is-a-leaf',
      severity: 'error',
      comment: SEE,
      from: { path: coreLayer('config') },
      to: { path: coreLayer('(vault|oauth|auth|providers|runtime)') },
    },
    {
      // Networking sits beside config: everything above it takes the Network it builds.
      name: 'network-is-a-leaf',
      severity: 'error',
      comment: SEE,
      from: { path: coreLayer('network') },
      to: { path: coreLayer('(catalog|vault|oauth|auth|providers|runtime)') },
    },
    {
      name: 'config-below-network',
      severity: 'error',
      comment: SEE,
      from: { path: coreLayer('config') },
      to: { path: coreLayer('network') },
    },
    {
      name: 'vault-below-oauth',
      severity: 'error',
      comment: SEE,
      from: { path: coreLayer('vault') },
      to: { path: coreLayer('(oauth|auth|providers|runtime)') },
    },
    {
      name: 'oauth-below-auth',
      severity: 'error',
      comment: SEE,
      from: { path: coreLayer('oauth') },
      to: { path: coreLayer('(auth|providers|runtime)') },
    },
    {
      name: 'auth-below-providers',
      severity: 'error',
      comment: SEE,
      from: { path: coreLayer('auth') },
      to: { path: coreLayer('(providers|runtime)') },
    },
    {
      name: 'providers-below-runtime',
      severity: 'error',
      comment: SEE,
      from: { path: coreLayer('providers') },
      to: { path: coreLayer('runtime') },
    },
    {
      name: 'errors-is-a-leaf',
      severity: 'error',
      comment: SEE,
      from: { path: '^packages/core/src/(errors|ids)\\.ts$' },
      to: { path: coreLayer('(catalog|config|vault|oauth|auth|providers|runtime)') },
    },
    {
      // Low-level helpers every layer shares (abort reasons, …): they know no layer.
      name: 'internal-is-a-leaf',
      severity: 'error',
      comment: SEE,
      from: { path: coreLayer('internal'), pathNot: '\\.test\\.tsx?$' },
      to: { path: coreLayer('(catalog|config|network|vault|oauth|auth|providers|runtime)') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['switchboard-source', 'import', 'default'] },
  },
};
