export {
  type CounterIncrement,
  CounterLineError,
  parseCounterLine,
  parseCounterObject,
} from '../../protocol/counter-line';
export { labelName, metricName, snakeCase } from '../../protocol/counter-naming';
export { CardinalityGuard, type CardinalityOptions, OVERFLOW_LABEL, OVERFLOW_LABELS } from './cardinality';
export { type CountersConfig, type CountersConfigInput, countersConfigSchema } from './config';
export { CounterExporter } from './exporter';
export { Ledger, type LedgerState, type SeriesTotal } from './ledger';
export { CountersReceiver, type CountersReceiverDeps } from './receiver';
