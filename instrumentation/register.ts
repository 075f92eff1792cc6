import { init } from './init';
import type { AgentOtel } from './types';

// zero-code entry point: `node --require agent-otel/register app.js`, and through
// esm/register.mjs for `node --import`. the only place that installs process handlers.

const sdk: AgentOtel = init();

function flushOnSignal(signal: NodeJS.Signals): void {
  const handler = (): void => {
    process.removeListener(signal, handler);
    void sdk.shutdown().finally(() => {
      // listening to a signal removes node's default exit; when nobody else listens, re-raise it
      // so the process ends exactly as it would have without us (killed by that signal)
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  process.on(signal, handler);
}

flushOnSignal('SIGTERM');
flushOnSignal('SIGINT');
// a natural exit: flush what is left once the event loop is empty
process.once('beforeExit', () => {
  void sdk.shutdown();
});
