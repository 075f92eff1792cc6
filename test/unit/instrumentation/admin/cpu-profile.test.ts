import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { captureCpuProfile, profileFileName } from '../../../../instrumentation/admin/cpu-profile';

// a real profile of this test process through node:inspector.
describe('instrumentation/admin/cpu-profile', () => {
  it('writes a .cpuprofile that is a valid profile with nodes and samples, readable by its owner only', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'agent-otel-prof-')), 'nested');
    // keep the CPU busy while it samples
    const busy = setInterval(() => {
      let x = 0;
      for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
      return x;
    }, 1);
    const result = await captureCpuProfile(1, dir, 'agent/1').finally(() => clearInterval(busy));
    assert.ok(result.path.startsWith(dir));
    assert.match(basename(result.path), /^agent_1-\d{4}-\d\d-\d\dT.*-\d+\.cpuprofile$/);
    const profile = JSON.parse(readFileSync(result.path, 'utf8'));
    assert.ok(Array.isArray(profile.nodes) && profile.nodes.length > 1);
    assert.equal(profile.nodes.length, result.nodes);
    assert.ok(profile.nodes[0].callFrame, 'nodes carry call frames');
    assert.ok(profile.endTime > profile.startTime);
    assert.ok(result.samples > 0);
    assert.equal(statSync(result.path).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
  });

  it('profile file names are safe and name the agent', () => {
    assert.equal(
      profileFileName('../evil agent', new Date('2026-01-02T03:04:05.678Z')),
      `.._evil_agent-2026-01-02T03-04-05-678Z-${process.pid}.cpuprofile`,
    );
  });
});
