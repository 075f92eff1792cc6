export { type LogsConfig, type LogsConfigInput, logsConfigSchema } from './config';
export { LogExporterPool, resourceAttributes } from './exporter';
export { MultilineAssembler, type PendingRecord } from './multiline';
export { type ParsedLog, parseJsonLog, parseLogLine, parseTextLog, severityOf, timeOf } from './parser';
export { LogsReceiver, type LogsReceiverDeps } from './receiver';
