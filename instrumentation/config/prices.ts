import { diag } from '@opentelemetry/api';
import { z } from 'zod';
import { ConfigError, loadConfigFile, validateConfig } from '../../protocol/config-file';
import type { PriceTable } from '../types';
import { type Env, warnInvalid } from './env-parsers';

// the price table that turns token usage into cost, from init({ prices }) or the YAML/JSON file
// named by AGENT_OTEL_PRICES_FILE. a bad table is reported naming the key and costs nothing but
// the cost metric: the application runs on and its tokens count as unpriced.

export const PRICES_FILE_ENV = 'AGENT_OTEL_PRICES_FILE';
export const COST_BUDGET_ENV = 'AGENT_OTEL_COST_BUDGET_USD';

const price = z.number().finite().nonnegative();

// file keys are snake_case like every config file of the project
const fileSchema = z.strictObject({
  models: z.record(
    z.string().min(1),
    z.strictObject({ input: price, output: price, cached_input: price.optional() }),
  ),
});

const optionSchema = z.strictObject({
  models: z.record(
    z.string().min(1),
    z.strictObject({ input: price, output: price, cachedInput: price.optional() }),
  ),
});

/** reads and validates a price file; throws ConfigError naming the file and every bad key. */
export function loadPriceFile(path: string): PriceTable {
  const file = loadConfigFile(fileSchema, path);
  const models: PriceTable['models'] = {};
  for (const [name, p] of Object.entries(file.models)) {
    models[name] = { input: p.input, output: p.output, cachedInput: p.cached_input };
  }
  return { models };
}

/** the option (a table or a file path), then the environment's file; undefined when none or bad. */
export function resolvePrices(
  option: PriceTable | string | undefined,
  envFile: string | undefined,
): PriceTable | undefined {
  try {
    if (typeof option === 'object') return validateConfig(optionSchema, option, 'init({ prices })');
    const path = option ?? envFile;
    return path === undefined ? undefined : loadPriceFile(path);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    diag.error(`agent-otel: ${err.message}\nno cost is counted; token usage is counted as unpriced`);
    return undefined;
  }
}

/** `AGENT_OTEL_COST_BUDGET_USD`: a positive number of USD a day. */
export function readCostBudget(env: Env): number | undefined {
  const value = env[COST_BUDGET_ENV]?.trim();
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n) && n > 0) return n;
  warnInvalid(COST_BUDGET_ENV, value, 'a positive number of USD', 'no budget of its own (the fleet default)');
  return undefined;
}
