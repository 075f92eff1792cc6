import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const perTest: string[] = [];
const leftForExit: string[] = [];
let inTest = false;

const removeAll = (dirs: string[]) => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
};

// root hooks (this module is loaded at a test file's top level, outside any describe): they wrap
// every suite's own hooks, so a directory goes only after the afterEach that stops its writer.
if (typeof beforeEach === 'function') {
  beforeEach(() => {
    inTest = true;
  });
  afterEach(() => {
    inTest = false;
    removeAll(perTest);
  });
}
process.once('exit', () => removeAll(leftForExit));

/** a temporary directory removed when mocha exits, for a file's or suite's shared fixtures. */
export function tempDirUntilExit(prefix = 'agent-otel-test'): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  leftForExit.push(dir);
  return dir;
}

/**
 * a maker of temporary directories named after `prefix`. One made during a test (its
 * beforeEach hooks included) is removed after the test and all its afterEach hooks; one made
 * outside a test (a describe body, a before hook) when mocha exits, since a suite's after hooks
 * may still write there.
 */
export function useTempDirs(prefix = 'agent-otel-test'): (name?: string) => string {
  return (name) => {
    const full = name ? `${prefix}-${name}` : prefix;
    if (!inTest) return tempDirUntilExit(full);
    const dir = mkdtempSync(join(tmpdir(), `${full}-`));
    perTest.push(dir);
    return dir;
  };
}
