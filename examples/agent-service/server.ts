import './telemetry';
import { createApp } from './app';

// CommonJS entry: run with `node --require agent-otel/register`, or plain `node` (telemetry.ts
// calls init() before express loads).
const server = createApp().listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ listening: port }));
});
