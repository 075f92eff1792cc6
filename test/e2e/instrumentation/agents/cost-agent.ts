import { invokeAgent, recordTokenUsage } from '../../../../instrumentation';

// an agent that spends tokens once its cost series have been exported at 0 (the SDK announces
// them at start), then keeps running so that its series stay fresh until the test stops it.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  await sleep(2500);
  invokeAgent('spender', () => {
    // 250k input at 2 USD/1M + 125k output at 8 USD/1M = 1.5 USD exactly
    recordTokenUsage({ model: 'm-1', provider: 'e2e', inputTokens: 250_000, outputTokens: 125_000 });
    // a model missing from the price table: counted as unpriced
    recordTokenUsage({ model: 'mystery', provider: 'e2e', inputTokens: 7 });
  });
  console.log(JSON.stringify({ spent: true }));
  setInterval(() => undefined, 60_000);
}

void main();
