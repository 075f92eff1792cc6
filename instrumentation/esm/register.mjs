// `node --import agent-otel/register app.mjs`: ESM modules are only patched through the
// import-in-the-middle loader hook, which must be registered with module.register (passing the
// hook file to --import patches nothing). the CommonJS register then starts the SDK.
import { createRequire, register } from 'node:module';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
createRequire(import.meta.url)('../instrumentation/register.js');
