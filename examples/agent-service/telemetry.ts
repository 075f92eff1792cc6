import { init } from '../../instrumentation';

// init() must run before express and http are loaded, so that they get patched; this module is
// therefore the first import of server.ts. under the register preload it returns the running SDK.
export const telemetry = init();
