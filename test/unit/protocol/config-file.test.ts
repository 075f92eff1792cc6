import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfigFile, validateConfig } from '../../../protocol/config-file';
import { tempDirUntilExit } from '../../helpers';

const schema = z.strictObject({
  listen: z.strictObject({ port: z.number().int().min(0).max(65535), host: z.string().default('127.0.0.1') }),
  namespace: z.string().regex(/^[a-z_][a-z0-9_]*$/),
});

describe('config-file', () => {
  const dir = tempDirUntilExit('agent-otel-config');
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('loads and validates a good file, applying defaults', () => {
    const path = write('good.yaml', 'listen:\n  port: 9410\nnamespace: anti_drift\n');
    assert.deepEqual(loadConfigFile(schema, path), {
      listen: { port: 9410, host: '127.0.0.1' },
      namespace: 'anti_drift',
    });
  });

  const bad: [string, string, RegExp][] = [
    ['wrong type', 'listen:\n  port: "x"\nnamespace: a\n', /listen\.port:/],
    ['out of range', 'listen:\n  port: 70000\nnamespace: a\n', /listen\.port:/],
    ['unknown key', 'listen:\n  port: 1\n  prot: 2\nnamespace: a\n', /listen: .*prot/],
    ['bad pattern', 'listen:\n  port: 1\nnamespace: Anti-Drift\n', /namespace:/],
    ['missing key', 'listen:\n  port: 1\n', /namespace:/],
  ];
  for (const [name, text, expected] of bad) {
    it(`names the bad key: ${name}`, () => {
      const path = write(`${name.replace(/ /g, '-')}.yaml`, text);
      assert.throws(
        () => loadConfigFile(schema, path),
        (err: Error) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, expected);
          assert.ok(err.message.includes(path), 'the message names the file');
          return true;
        },
      );
    });
  }

  it('reports invalid YAML and a missing file clearly', () => {
    assert.throws(() => loadConfigFile(schema, write('broken.yaml', 'listen: [')), /not valid YAML/);
    assert.throws(() => loadConfigFile(schema, join(dir, 'absent.yaml')), /cannot read config file/);
  });

  it('validates plain objects (for flags and env)', () => {
    assert.throws(() => validateConfig(schema, { listen: {} }, '--flags'), /--flags:\n {2}listen\.port/);
  });
});
