import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, tempDirUntilExit } from '../../helpers';

interface Violation {
  rule: string;
  from: string;
  to: string;
  cycle?: string[];
}
type CheckDependencies = (o: { root: string; folders: string[] }) => Promise<Violation[]>;

/** a small tree shaped like the repository, with one break of each rule and allowed imports beside them. */
const FIXTURE: Record<string, string> = {
  // a cycle made of a type-only import and a value import.
  'processors/alpha/a.ts': "import type { B } from './b';\nexport const a = 1;\nexport type A = B;\n",
  'processors/alpha/b.ts': "import { a } from './a';\nexport interface B { n: typeof a }\n",
  // one processor reaching into another.
  'processors/alpha/reach.ts': "import { y } from '../beta/y';\nexport const r = y;\n",
  // allowed: a processor importing shared, the composition importing both processors.
  'processors/beta/y.ts': "import { z } from '../shared/z';\nexport const y = z;\n",
  'processors/shared/z.ts': 'export const z = 1;\n',
  'processors/fleet-supervisor/s.ts':
    "import { a } from '../alpha/a';\nimport { y } from '../beta/y';\nexport const s = a + y;\n",
  // the SDK importing a service module.
  'instrumentation/sdk.ts': "import { z } from '../processors/shared/z';\nexport const sdk = z;\n",
  // allowed: the SDK and a processor importing the shared wire format.
  'protocol/wire.ts': 'export type Wire = { id: string };\n',
  'instrumentation/types.ts': "import type { Wire } from '../protocol/wire';\nexport type W = Wire;\n",
  'processors/beta/wire.ts': "import type { Wire } from '../../protocol/wire';\nexport type W = Wire;\n",
  // a processor reading the SDK, and the wire format reading a processor.
  'processors/beta/sdk.ts': "import type { W } from '../../instrumentation/types';\nexport type X = W;\n",
  'protocol/bad.ts': "import { z } from '../processors/shared/z';\nexport const b = z;\n",
};

describe('dependency rules (.dependency-cruiser.cjs through scripts/check-deps.mjs)', () => {
  let dir: string;
  let checkDependencies: CheckDependencies;

  before(async () => {
    ({ checkDependencies } = await import(pathToFileURL(join(ROOT, 'scripts', 'check-deps.mjs')).href));
    dir = tempDirUntilExit('agent-otel-deps-fixture');
    for (const [path, text] of Object.entries(FIXTURE)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  });

  it('reports the cycle (type-only edges count), cross-folder imports, and imports past protocol/', async () => {
    const violations = await checkDependencies({
      root: dir,
      folders: ['protocol', 'instrumentation', 'processors'],
    });
    const found = violations.map((v) => `${v.rule} ${v.from} -> ${v.to}`).sort();
    assert.deepEqual(found, [
      'instrumentation-not-processors instrumentation/sdk.ts -> processors/shared/z.ts',
      'no-circular processors/alpha/a.ts -> processors/alpha/b.ts',
      'processors-not-into-each-other processors/alpha/reach.ts -> processors/beta/y.ts',
      'processors-not-sdk processors/beta/sdk.ts -> instrumentation/types.ts',
      'protocol-imports-only-protocol protocol/bad.ts -> processors/shared/z.ts',
    ]);
    const cycle = violations.find((v) => v.rule === 'no-circular' && v.from === 'processors/alpha/a.ts');
    assert.deepEqual(cycle?.cycle, ['processors/alpha/b.ts', 'processors/alpha/a.ts']);
  });
});
