import assert from 'node:assert/strict';
import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import { init } from '../../../instrumentation/init';
import { setCurrentSdk } from '../../../instrumentation/sdk/state';

// the diag logger belongs to the application unless OTEL_LOG_LEVEL asks for one.
describe('instrumentation/init: diag logger', () => {
  const saved = process.env.OTEL_LOG_LEVEL;
  let seen: string[];

  beforeEach(() => {
    seen = [];
    const noop = () => undefined;
    const app: DiagLogger = {
      error: noop,
      warn: (msg: string) => {
        seen.push(msg);
      },
      info: noop,
      debug: noop,
      verbose: noop,
    };
    diag.setLogger(app, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  });

  afterEach(() => {
    if (saved === undefined) delete process.env.OTEL_LOG_LEVEL;
    else process.env.OTEL_LOG_LEVEL = saved;
    setCurrentSdk(undefined);
    diag.disable();
  });

  it("keeps the application's diag logger when OTEL_LOG_LEVEL is unset", () => {
    delete process.env.OTEL_LOG_LEVEL;
    init({ disabled: true });
    diag.warn('from the app');
    assert.deepEqual(seen, ['from the app']);
  });

  it('sets its own diag logger when OTEL_LOG_LEVEL asks for one', () => {
    process.env.OTEL_LOG_LEVEL = 'none';
    init({ disabled: true });
    diag.warn('from the app');
    assert.deepEqual(seen, []);
  });
});
