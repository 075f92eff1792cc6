import assert from 'node:assert/strict';
import { join } from 'node:path';
import { logsConfigSchema } from '../../../processors/logs/config';
import { resourceAttributes } from '../../../processors/logs/exporter';
import { ConfigError, loadConfigFile, validateConfig } from '../../../protocol/config-file';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('logs config', () => {
  it('loads the shipped collector-config/receivers/logs.yaml', () => {
    const config = loadConfigFile(logsConfigSchema, join(ROOT, 'collector-config', 'receivers', 'logs.yaml'));
    assert.deepEqual(config.include, ['logs/{agent}/*.log']);
    assert.equal(config.resource['gen_ai.agent.id'], '{agent}');
    assert.ok(new RegExp(config.multiline.start!).test('2025-01-01 x'));
  });

  it('names a bad multiline regex and an unknown key', () => {
    assert.throws(
      () => validateConfig(logsConfigSchema, { multiline: { start: '(' }, formt: 'json' }, 'x.yaml'),
      (err: Error) =>
        err instanceof ConfigError && /multiline\.start/.test(err.message) && /formt/.test(err.message),
    );
  });

  it('fills resource placeholders from path captures and leaves out unfilled ones', () => {
    assert.deepEqual(
      resourceAttributes({ 'gen_ai.agent.id': '{agent}', 'x.y': 'v-{missing}' }, { agent: 'a1' }),
      {
        'gen_ai.agent.id': 'a1',
      },
    );
  });
});
