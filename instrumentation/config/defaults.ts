// every default of the SDK, named once; README.md lists the same values.
export const DEFAULT_OTLP_ENDPOINT = 'http://127.0.0.1:4318';
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://127.0.0.1:4317';
// the specification's default; the collector takes all three
export const DEFAULT_OTLP_PROTOCOL = 'http/protobuf';
// where the agent runs (host.name, host.arch) and which process it is (pid, runtime, command)
export const DEFAULT_RESOURCE_DETECTORS = ['host', 'process'] as const;
export const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 60_000;
// runtime (event loop, heap, GC) and process CPU/memory metrics, for per-agent resource use
export const DEFAULT_RUNTIME_METRICS = true;
// the event-loop delay histogram's timer: at the instrumentation's own 10 ms it wakes an idle
// agent 100 times a second (about 0.6 % of a core here); 50 ms still catches every longer block
export const DEFAULT_EVENT_LOOP_RESOLUTION_MS = 50;
export const DEFAULT_COUNTER_NAMESPACE = 'anti_drift';
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;
export const DEFAULT_HEARTBEAT_ENDPOINT = 'http://127.0.0.1:9412';
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
export const DEFAULT_HEARTBEAT_JITTER = 0.1;
export const DEFAULT_HEARTBEAT_MAX_BACKOFF_MS = 300_000;
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 5_000;
// queue caps keep memory bounded when the collector is down or slow
export const DEFAULT_SPAN_QUEUE_SIZE = 2048;
export const DEFAULT_LOG_QUEUE_SIZE = 2048;
// one export may take this long, for the OTLP exporters, the span and log batches and the metric
// reader (the specification says 30 s for the latter three; 10 s keeps shutdown within its bound)
export const DEFAULT_EXPORT_TIMEOUT_MS = 10_000;
export const DEFAULT_SPAN_BATCH_SIZE = 512;
export const DEFAULT_LOG_BATCH_SIZE = 512;
// the route goes on the HTTP server span either way; a span per express layer is opt-in
export const DEFAULT_EXPRESS_LAYER_SPANS = false;
