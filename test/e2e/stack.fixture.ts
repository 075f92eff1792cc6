import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isReady, READINESS, ROOT, RUN_DIR } from './stack';

// one stack for every e2e suite: reuse a running test-profile stack, or start one (and stop
// it afterwards). A component that is not there makes the whole run fail, never skip.
let startedHere = false;

async function allReady(): Promise<string[]> {
  const missing: string[] = [];
  for (const [name, url] of Object.entries(READINESS)) {
    if (!(await isReady(url))) missing.push(name);
  }
  return missing;
}

export async function mochaGlobalSetup(): Promise<void> {
  const profileFile = join(RUN_DIR, 'profile');
  const missing = await allReady();
  if (missing.length === 0) {
    const profile = existsSync(profileFile) ? readFileSync(profileFile, 'utf8').trim() : 'unknown';
    if (profile !== 'test') {
      throw new Error(`a stack with profile '${profile}' is running; the e2e suites need --profile test`);
    }
    return;
  }
  if (missing.length < Object.keys(READINESS).length) {
    throw new Error(
      `the stack is partly up; not answering: ${missing.join(', ')} (run scripts/stack/down.sh)`,
    );
  }
  execFileSync(join(ROOT, 'scripts', 'stack', 'up.sh'), ['--profile', 'test'], { stdio: 'inherit' });
  startedHere = true;
  const still = await allReady();
  if (still.length > 0) throw new Error(`stack components not ready after start: ${still.join(', ')}`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (startedHere && process.env.AGENT_OTEL_KEEP_STACK !== '1') {
    execFileSync(join(ROOT, 'scripts', 'stack', 'down.sh'), [], { stdio: 'inherit' });
  }
  // a test that leaves a server, socket or child behind would keep mocha alive until CI's
  // time limit: name what is left and fail instead.
  setTimeout(() => {
    const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
    const names = handles.map((h) => h.constructor.name).join(', ');
    console.error(`e2e: the process did not exit; left open by a test: ${names}`);
    process.exit(1);
  }, 15_000).unref();
}
