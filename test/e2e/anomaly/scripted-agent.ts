import { createInterface } from 'node:readline';
import { executeTool, invokeAgent, recordTokenUsage, withTask } from '../../../instrumentation';

// an agent process for the anomaly e2e, started with `node --require agent-otel/register`: it
// runs IMPLEMENT tasks (a search and an edit tool call, 1000 tokens each) at a steady rate and
// changes how it behaves on a line on stdin: `normal`, `slow` (tasks take 600-900 ms instead of
// 10-30 ms) or `loop` (one task calls search again and again, 20k tokens a call, and never ends).
type Mode = 'normal' | 'slow' | 'loop';
let mode: Mode = 'normal';
let task = 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TASKS_PER_S = 10;

async function runTask(): Promise<void> {
  const id = `T-${++task}`;
  const ms = mode === 'slow' ? 600 + Math.random() * 300 : 10 + Math.random() * 20;
  await withTask(id, 'IMPLEMENT', () =>
    invokeAgent('worker', async () => {
      await executeTool('search', () => sleep(ms / 2));
      await executeTool('edit', () => sleep(ms / 2));
      recordTokenUsage({ inputTokens: 800, outputTokens: 200, model: 'e2e-model' });
    }),
  );
}

async function runLoop(): Promise<void> {
  await withTask(`T-${++task}`, 'IMPLEMENT', async () => {
    while (mode === 'loop') {
      await executeTool('search', () => sleep(25));
      recordTokenUsage({ inputTokens: 18_000, outputTokens: 2_000, model: 'e2e-model' });
    }
  });
}

// tasks start on a clock, not one after another, so a slow task keeps the rate of runs
const clock = setInterval(() => {
  if (mode !== 'loop') void runTask();
}, 1000 / TASKS_PER_S);

createInterface({ input: process.stdin }).on('line', (line) => {
  const next = line.trim() as Mode;
  if (!['normal', 'slow', 'loop'].includes(next)) return;
  const wasLoop = mode === 'loop';
  mode = next;
  if (next === 'loop' && !wasLoop) void runLoop();
  console.log(JSON.stringify({ mode }));
});
process.stdin.on('end', () => clearInterval(clock));
console.log(JSON.stringify({ ready: true }));
