export { CardinalityGuard, type CardinalityOptions, OVERFLOW_LABEL, OVERFLOW_LABELS } from './cardinality';
export { type CountersConfig, type CountersConfigInput, countersConfigSchema } from './config';
export { CounterExporter } from './exporter';
export { Ledger, type LedgerState, type SeriesTotal } from './ledger';
export { labelName, metricName, snakeCase } from './naming';
export { type CounterIncrement, CounterLineError, parseCounterLine, parseCounterObject } from './parser';
export { CountersReceiver, type CountersReceiverDeps } from './receiver';
