import express from 'express';
import winston from 'winston';
import { think } from './think';

// the benchmarked agent service, the same code in every arm (bare, agent-otel, stock register):
// - GET /hello: an express hello-world;
// - GET /agent/:task: a realistic agent request: about 1 ms of CPU work (planning), one outbound
//   fetch to the model server, one winston log line, a JSON answer.
// it reports its port on stderr; stdout (the winston lines) goes to /dev/null.

const MODEL_URL = process.env.BENCH_MODEL_URL ?? 'http://127.0.0.1:1/v1/chat/completions';
// fixed work, the same in every arm, calibrated by the bench to about 1 ms on this machine
const THINK_ITERATIONS = Number(process.env.BENCH_THINK_ITERATIONS ?? 20_000);

// a plain winston logger, as an application has it; each arm's winston instrumentation adds
// trace ids to its records (the bench's logs/req column shows whether an arm also ships them)
const log = winston.createLogger({
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console()],
});

interface ChatCompletion {
  choices: { message: { content: string } }[];
  usage: { prompt_tokens: number; completion_tokens: number };
}

const app = express();

app.get('/hello', (_req, res) => {
  res.send('hello');
});

app.get('/agent/:task', async (req, res) => {
  const task = String(req.params.task);
  think(THINK_ITERATIONS);
  const reply = await fetch(MODEL_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: `plan ${task}` }] }),
  });
  const answer = (await reply.json()) as ChatCompletion;
  log.info('model answered', { task, output_tokens: answer.usage.completion_tokens });
  res.json({ task, answer: answer.choices[0]?.message.content });
});

const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stderr.write(
    `${JSON.stringify({ listening: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});

// profiling (BENCH_CPU_PROF): node writes the --cpu-prof file on a normal exit, not when a
// signal kills the process, so the bench stops profiled servers with SIGUSR2
process.once('SIGUSR2', () => process.exit(0));
