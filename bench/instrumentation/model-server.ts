import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// the model the benchmarked agent calls: a local chat-completions endpoint with a fixed answer, so
// the outbound request costs the agent what a real one does (a keep-alive HTTP round trip and a JSON
// body) without the network or a model's latency in the figure.

const ANSWER = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  model: 'bench-model',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'step 1: read' } }],
  usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
});

export async function startModelServer(): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
