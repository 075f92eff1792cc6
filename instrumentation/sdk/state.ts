import type { AgentOtelSdk } from './sdk';

// one SDK per process, even if the package is loaded twice (a CommonJS and an ESM copy, or two
// installs): the instance lives on a global symbol, so a second init() finds the first.
const KEY = Symbol.for('agent-otel.sdk');

type Holder = { [KEY]?: AgentOtelSdk };

export function currentSdk(): AgentOtelSdk | undefined {
  return (globalThis as Holder)[KEY];
}

export function setCurrentSdk(sdk: AgentOtelSdk | undefined): void {
  (globalThis as Holder)[KEY] = sdk;
}
