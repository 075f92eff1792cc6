import { type Attributes, type Histogram, trace } from '@opentelemetry/api';
import { instrumentsPerProvider } from './meter-instruments';
import { currentSdk } from './sdk/state';
import type { TokenUsage } from './types';

// GenAI client metrics (semantic conventions: gen_ai.client.token.usage in {token},
// gen_ai.client.operation.duration in seconds).

interface Instruments {
  tokens: Histogram;
  duration: Histogram;
}
const instruments = instrumentsPerProvider<Instruments>((meter) => ({
  tokens: meter.createHistogram('gen_ai.client.token.usage', {
    unit: '{token}',
    description: 'number of input and output tokens used',
    advice: { explicitBucketBoundaries: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576] },
  }),
  duration: meter.createHistogram('gen_ai.client.operation.duration', {
    unit: 's',
    description: 'GenAI operation duration',
    advice: {
      explicitBucketBoundaries: [
        0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
      ],
    },
  }),
}));

function baseAttributes(usage: Pick<TokenUsage, 'model' | 'operation' | 'provider'>): Attributes {
  const attrs: Attributes = { 'gen_ai.operation.name': usage.operation ?? 'invoke_agent' };
  if (usage.provider !== undefined) attrs['gen_ai.provider.name'] = usage.provider;
  if (usage.model !== undefined) attrs['gen_ai.request.model'] = usage.model;
  return attrs;
}

/** records token usage as metrics and on the active span (`gen_ai.usage.*_tokens`). */
export function recordTokenUsage(usage: TokenUsage): void {
  const attrs = baseAttributes(usage);
  const span = trace.getActiveSpan();
  const { tokens } = instruments();
  if (usage.inputTokens !== undefined && usage.inputTokens >= 0) {
    tokens.record(usage.inputTokens, { ...attrs, 'gen_ai.token.type': 'input' });
    span?.setAttribute('gen_ai.usage.input_tokens', usage.inputTokens);
  }
  if (usage.outputTokens !== undefined && usage.outputTokens >= 0) {
    tokens.record(usage.outputTokens, { ...attrs, 'gen_ai.token.type': 'output' });
    span?.setAttribute('gen_ai.usage.output_tokens', usage.outputTokens);
  }
  if (usage.cachedInputTokens !== undefined && usage.cachedInputTokens >= 0) {
    span?.setAttribute('gen_ai.usage.cache_read.input_tokens', usage.cachedInputTokens);
  }
  // priced into agent_otel.gen_ai.cost when a price table is configured
  currentSdk()?.cost?.record(usage);
}

/** records one GenAI operation's duration in seconds. */
export function recordOperationDuration(
  seconds: number,
  attrs: Pick<TokenUsage, 'model' | 'operation' | 'provider'> & { errorType?: string },
): void {
  const a = baseAttributes(attrs);
  if (attrs.errorType !== undefined) a['error.type'] = attrs.errorType;
  instruments().duration.record(seconds, a);
}
