import { type Meter, type MeterProvider, metrics } from '@opentelemetry/api';

// instruments made once per meter provider: an API call made before init() binds to the no-op
// provider, and the next one after init() gets instruments of the real provider.

/** returns a getter of the instruments `make` builds on the current global meter provider. */
export function instrumentsPerProvider<T>(make: (meter: Meter) => T): () => T {
  const cache = new WeakMap<MeterProvider, T>();
  return () => {
    const provider = metrics.getMeterProvider();
    let found = cache.get(provider);
    if (found === undefined) {
      found = make(provider.getMeter('agent-otel'));
      cache.set(provider, found);
    }
    return found;
  };
}
