import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEnvConfig } from '../../../../instrumentation/config/env';
import { loadPriceFile, resolvePrices } from '../../../../instrumentation/config/prices';
import { resolveConfig } from '../../../../instrumentation/config/resolve';
import { tempDirUntilExit } from '../../../helpers';
import { spyOnDiag, spyOnDiagErrors } from '../diag-spy';

const dir = tempDirUntilExit('agent-otel-prices');
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('instrumentation/config/prices', () => {
  it('reads a YAML price file (snake_case keys)', () => {
    const path = file(
      'prices.yaml',
      'models:\n  m-1: { input: 2, output: 8, cached_input: 0.5 }\n  m-2:\n    input: 0.1\n    output: 0.4\n',
    );
    assert.deepEqual(loadPriceFile(path), {
      models: {
        'm-1': { input: 2, output: 8, cachedInput: 0.5 },
        'm-2': { input: 0.1, output: 0.4, cachedInput: undefined },
      },
    });
  });

  it('reads a JSON price file', () => {
    const path = file('prices.json', JSON.stringify({ models: { m: { input: 1, output: 2 } } }));
    assert.deepEqual(loadPriceFile(path).models.m, { input: 1, output: 2, cachedInput: undefined });
  });

  // each bad table: the message names the file and the key
  const BAD: [string, string, string[]][] = [
    ['negative price', 'models:\n  m: { input: -1, output: 2 }\n', ['models.m.input']],
    ['price is a string', 'models:\n  m: { input: "2$", output: 2 }\n', ['models.m.input', 'number']],
    ['missing output', 'models:\n  m: { input: 1 }\n', ['models.m.output']],
    [
      'unknown key (camelCase in a file)',
      'models:\n  m: { input: 1, output: 2, cachedInput: 1 }\n',
      ['models.m', 'cachedInput'],
    ],
    ['no models', 'prices: {}\n', ['models', 'prices']],
  ];
  for (const [name, text, keys] of BAD) {
    it(`a bad file (${name}) is an error naming ${keys.join(', ')}; no prices, the app runs on`, () => {
      const path = file(`${name.replace(/\W/g, '_')}.yaml`, text);
      const spy = spyOnDiagErrors();
      try {
        assert.equal(resolvePrices(undefined, path), undefined);
        assert.equal(spy.errors.length, 1);
        for (const part of [path, ...keys, 'unpriced'])
          assert.ok(spy.errors[0].includes(part), `${spy.errors[0]} names ${part}`);
      } finally {
        spy.restore();
      }
    });
  }

  it('a missing file is an error naming it', () => {
    const spy = spyOnDiagErrors();
    try {
      assert.equal(resolvePrices(undefined, join(dir, 'nope.yaml')), undefined);
      assert.ok(spy.errors[0].includes('nope.yaml'));
    } finally {
      spy.restore();
    }
  });

  it('the option wins over AGENT_OTEL_PRICES_FILE: a table (camelCase) or a path', () => {
    const envPath = file('env.yaml', 'models:\n  env-model: { input: 1, output: 1 }\n');
    const optPath = file('opt.yaml', 'models:\n  opt-model: { input: 3, output: 3 }\n');
    const env = readEnvConfig({ AGENT_OTEL_PRICES_FILE: envPath });
    assert.deepEqual(Object.keys(resolveConfig({}, env).prices?.models ?? {}), ['env-model']);
    assert.deepEqual(Object.keys(resolveConfig({ prices: optPath }, env).prices?.models ?? {}), [
      'opt-model',
    ]);
    const table = { models: { t: { input: 1, output: 2, cachedInput: 0.5 } } };
    assert.deepEqual(resolveConfig({ prices: table }, env).prices, table);
  });

  it('a bad option table is an error naming the key', () => {
    const spy = spyOnDiagErrors();
    try {
      assert.equal(resolvePrices({ models: { m: { input: Number.NaN, output: 1 } } }, undefined), undefined);
      assert.ok(spy.errors[0].includes('init({ prices })'));
      assert.ok(spy.errors[0].includes('models.m.input'));
    } finally {
      spy.restore();
    }
  });

  it('AGENT_OTEL_COST_BUDGET_USD: a positive number, else one warning and none', () => {
    assert.equal(readEnvConfig({ AGENT_OTEL_COST_BUDGET_USD: '12.5' }).costBudgetUsd, 12.5);
    const spy = spyOnDiag();
    try {
      assert.equal(readEnvConfig({ AGENT_OTEL_COST_BUDGET_USD: '-3' }).costBudgetUsd, undefined);
      assert.equal(spy.warnings.length, 1);
      assert.ok(spy.warnings[0].includes('AGENT_OTEL_COST_BUDGET_USD="-3"'));
    } finally {
      spy.restore();
    }
    assert.equal(
      resolveConfig({ costBudgetUsd: 3 }, readEnvConfig({ AGENT_OTEL_COST_BUDGET_USD: '5' })).costBudgetUsd,
      3,
    );
  });
});
