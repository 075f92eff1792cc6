import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * temporary directories for one mocha suite; call it in the `describe` body. A directory made
 * during a test is removed after that test, one made in a `before` hook after the suite.
 */
export function useTempDirs(prefix = 'agent-otel-test'): (name?: string) => string {
  const perTest: string[] = [];
  const perSuite: string[] = [];
  let inTest = false;
  const removeAll = (dirs: string[]) => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  beforeEach(() => {
    inTest = true;
  });
  afterEach(() => {
    inTest = false;
    removeAll(perTest);
  });
  after(() => removeAll(perSuite));
  return (name) => {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-${name ? `${name}-` : ''}`));
    (inTest ? perTest : perSuite).push(dir);
    return dir;
  };
}
