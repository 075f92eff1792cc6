import assert from 'node:assert/strict';
import { logs as apiLogs, type LoggerProvider } from '@opentelemetry/api-logs';
import { bridgeApiLogs, unbridgeApiLogs } from '../../../../instrumentation/sdk/logs-bridge';

// a provider of the application's own, told apart by identity
function appProvider(): LoggerProvider {
  return { getLogger: () => apiLogs.getLogger('app') };
}

// shutdown only takes down the global logger provider agent-otel registered itself.
describe('instrumentation/sdk/logs-bridge', () => {
  afterEach(() => apiLogs.disable());

  it('leaves a logger provider the application registered in place', () => {
    const app = appProvider();
    apiLogs.setGlobalLoggerProvider(app);
    bridgeApiLogs();
    unbridgeApiLogs();
    assert.equal(apiLogs.getLoggerProvider(), app);
  });

  it('removes the provider it registered', () => {
    bridgeApiLogs();
    unbridgeApiLogs();
    const app = appProvider();
    // registering succeeds only when the global slot is free again
    assert.equal(apiLogs.setGlobalLoggerProvider(app), app);
  });
});
