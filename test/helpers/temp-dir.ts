import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const leftForExit: string[] = [];
process.once('exit', () => {
  for (const dir of leftForExit) rmSync(dir, { recursive: true, force: true });
});

/** a temporary directory removed when mocha exits, for a file's or suite's shared fixtures. */
export function tempDirUntilExit(prefix = 'agent-otel-test'): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  leftForExit.push(dir);
  return dir;
}

/**
 * temporary directories for one mocha suite; call it in the `describe` body. A directory made
 * during a test is removed after that test (so stop what writes there within the test); one made
 * outside a test (a `before` hook, the describe body) when mocha exits, since a suite's `after`
 * hooks that stop its services may run after ours.
 */
export function useTempDirs(prefix = 'agent-otel-test'): (name?: string) => string {
  const perTest: string[] = [];
  let inTest = false;
  beforeEach(() => {
    inTest = true;
  });
  afterEach(() => {
    inTest = false;
    for (const dir of perTest.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (name) => {
    const full = name ? `${prefix}-${name}` : prefix;
    if (!inTest) return tempDirUntilExit(full);
    const dir = mkdtempSync(join(tmpdir(), `${full}-`));
    perTest.push(dir);
    return dir;
  };
}
