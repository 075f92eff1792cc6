import { type Attributes, type Counter, diag, type MeterProvider, metrics } from '@opentelemetry/api';
import type { ModelPrice, PriceTable, TokenUsage } from './types';

// token usage priced by the configured table: a cost counter per agent and model
// (`agent_otel.gen_ai.cost`, {USD}; agent_otel_gen_ai_cost_total in Prometheus). usage of a
// model without a price is never dropped: it counts in `agent_otel.gen_ai.unpriced_tokens`.

export const COST_METRIC = 'agent_otel.gen_ai.cost';
export const UNPRICED_METRIC = 'agent_otel.gen_ai.unpriced_tokens';
export const BUDGET_METRIC = 'agent_otel.gen_ai.cost.budget';
// model names come from the application; past this many distinct unpriced ones, the rest share
// one series so that a bug passing ids as model names cannot explode the metric
export const MAX_UNPRICED_MODELS = 100;
export const OTHER_MODEL = '_other';
// priced models whose cost series are announced at 0 at start (so increase() sees the first spend)
export const MAX_ANNOUNCED_MODELS = 100;
const PER_TOKEN = 1 / 1_000_000;

// a count that is missing, negative or not finite counts as none
function tokens(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 0;
}

/** the cost in USD of one usage at one model's prices; cached input is priced apart when given. */
export function usageCost(usage: TokenUsage, price: ModelPrice): number {
  const input = tokens(usage.inputTokens);
  const cached = Math.min(input, tokens(usage.cachedInputTokens));
  const output = tokens(usage.outputTokens);
  const cachedPrice = price.cachedInput ?? price.input;
  return ((input - cached) * price.input + cached * cachedPrice + output * price.output) * PER_TOKEN;
}

interface Instruments {
  cost: Counter;
  unpriced: Counter;
}

/** one agent's cost counting, bound to the meter provider that was global when it was made. */
export class CostRecorder {
  private readonly instruments: Instruments;
  private readonly unpricedModels = new Set<string>();

  constructor(
    private readonly agentId: string,
    private readonly prices: PriceTable | undefined,
    budgetUsd: number | undefined,
    provider: MeterProvider = metrics.getMeterProvider(),
  ) {
    const meter = provider.getMeter('agent-otel');
    this.instruments = {
      cost: meter.createCounter(COST_METRIC, {
        unit: '{USD}',
        description: 'cost of the tokens used, from the configured price table',
      }),
      unpriced: meter.createCounter(UNPRICED_METRIC, {
        unit: '{token}',
        description: 'tokens of models without a price in the table',
      }),
    };
    for (const model of Object.keys(prices?.models ?? {}).slice(0, MAX_ANNOUNCED_MODELS)) {
      this.instruments.cost.add(0, this.attributes(model));
    }
    if (budgetUsd !== undefined) {
      meter
        .createObservableGauge(BUDGET_METRIC, {
          unit: '{USD}',
          description: "this agent's daily cost budget",
        })
        .addCallback((result) => result.observe(budgetUsd, { 'gen_ai.agent.id': this.agentId }));
    }
  }

  private attributes(model: string): Attributes {
    return { 'gen_ai.agent.id': this.agentId, 'gen_ai.request.model': model };
  }

  record(usage: TokenUsage): void {
    const model = usage.model;
    const price = model === undefined ? undefined : this.prices?.models[model];
    if (model !== undefined && price !== undefined) {
      this.instruments.cost.add(usageCost(usage, price), this.attributes(model));
      return;
    }
    const label = this.unpricedLabel(model ?? '');
    const attrs = this.attributes(label);
    const input = tokens(usage.inputTokens);
    const output = tokens(usage.outputTokens);
    if (input > 0) this.instruments.unpriced.add(input, { ...attrs, 'gen_ai.token.type': 'input' });
    if (output > 0) this.instruments.unpriced.add(output, { ...attrs, 'gen_ai.token.type': 'output' });
  }

  private unpricedLabel(model: string): string {
    if (this.unpricedModels.has(model)) return model;
    if (this.unpricedModels.size >= MAX_UNPRICED_MODELS) return OTHER_MODEL;
    this.unpricedModels.add(model);
    diag.warn(`agent-otel: no price for model "${model}"; its tokens count in ${UNPRICED_METRIC}`);
    return model;
  }
}
