import { init } from '../../instrumentation';
import { createApp } from './app';

// CommonJS entry: run with `node --require agent-otel/register`, or plain `node` (init() below
// starts the SDK; under the preload it returns the running instance).
init();
const server = createApp().listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(JSON.stringify({ listening: port }));
});
