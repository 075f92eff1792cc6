// the dependency rule of docs/architecture.md. `npm run lint` checks it through
// scripts/check-deps.mjs (which hands dependency-cruiser a JavaScript copy of the tree, so paths
// end in .js there); test/unit/lint/dependency-rules.test.ts proves it bites.

/** folders under processors/ any processor may import: libraries, not services. */
const SHARED = ['^processors/shared/', '^processors/tail/'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'an import cycle ties modules together so neither can change or be tested alone',
      from: {},
      to: { circular: true },
    },
    {
      name: 'processors-not-into-each-other',
      severity: 'error',
      comment:
        'a processor folder imports its own files, processors/shared and the tail library; only the composition (processors/fleet-supervisor) wires processors together',
      from: { path: '^processors/([^/]+)/', pathNot: '^processors/fleet-supervisor/' },
      to: { path: '^processors/', pathNot: ['^processors/$1/', ...SHARED] },
    },
    {
      name: 'shared-imports-only-shared',
      severity: 'error',
      comment: 'processors/shared is what every processor may import, so it imports no processor',
      from: { path: '^processors/shared/' },
      to: { path: '^processors/', pathNot: '^processors/shared/' },
    },
    {
      name: 'processors-not-sdk',
      severity: 'error',
      comment: 'the receivers share wire formats with the SDK through protocol/, not its implementation',
      from: { path: '^processors/' },
      to: { path: '^instrumentation/' },
    },
    {
      name: 'protocol-imports-only-protocol',
      severity: 'error',
      comment: 'protocol/ is what the SDK and the receivers both import, so it imports neither',
      from: { path: '^protocol/' },
      to: { path: '^(instrumentation|processors|cli)/' },
    },
    {
      name: 'instrumentation-not-processors',
      severity: 'error',
      comment: 'the SDK runs in agent processes and must not pull in the services',
      from: { path: '^instrumentation/' },
      to: { path: '^(processors|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
  },
};
