// copies the hand-written ESM entry points next to the compiled CommonJS build; tsc emits one
// module format per project, and the ESM wrappers only re-export the CommonJS build.
const { cpSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
mkdirSync(join(root, 'dist', 'esm'), { recursive: true });
cpSync(join(root, 'instrumentation', 'esm'), join(root, 'dist', 'esm'), { recursive: true });
