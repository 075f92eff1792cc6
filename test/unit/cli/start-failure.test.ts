import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { CLI, useTempDirs } from '../../helpers';

// a service whose listener cannot start must not keep polling and exporting without it: it stops
// everything and exits non-zero, naming the address that is taken.
describe('service shell: a failed start stops everything', () => {
  const dir = useTempDirs('shell-start')();
  let blocker: Server;
  let port: number;

  before(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    port = (blocker.address() as { port: number }).port;
  });
  after(() => blocker.close());

  const cases: [string, string[]][] = [
    ['counters', ['--file', join(dir, 'c.jsonl'), '--checkpoint', join(dir, 'c.json')]],
    ['logs', ['--file', join(dir, '{agent}', '*.log'), '--checkpoint', join(dir, 'l.json')]],
    ['heartbeat', ['--state-file', '']],
  ];
  for (const [command, args] of cases) {
    it(`${command}: exits 1 at once naming the address in use`, () => {
      const started = Date.now();
      const r = spawnSync(process.execPath, [CLI, command, '--port', String(port), ...args], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 10_000,
        env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' },
      });
      assert.equal(r.signal, null, `still running after ${Date.now() - started} ms: ${r.stderr}`);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
    });
  }
});
