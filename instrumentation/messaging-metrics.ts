import type { Attributes, Counter } from '@opentelemetry/api';
import { instrumentsPerProvider } from './meter-instruments';

// messaging client metrics (semantic conventions: messaging.client.sent.messages and
// messaging.client.consumed.messages, unit {message}). the checkpoint report's delivery
// criterion divides what an agent consumed by what was sent to it, so a sender names the
// recipient agent's id as messaging.destination.name.

export interface MessageRecord {
  /** the recipient: its agent id when sending; optional when consuming. */
  destination?: string;
  /** `messaging.system`, e.g. `nats`, `kafka`. */
  system?: string;
  /** `messaging.operation.name`. default: `send` for sent, `receive` for consumed. */
  operation?: string;
  /** set when the send or the processing failed. */
  errorType?: string;
  /** messages in this record (a batch). default: 1. */
  count?: number;
}

interface Instruments {
  sent: Counter;
  consumed: Counter;
}
const instruments = instrumentsPerProvider<Instruments>((meter) => ({
  sent: meter.createCounter('messaging.client.sent.messages', {
    unit: '{message}',
    description: 'messages a producer attempted to send',
  }),
  consumed: meter.createCounter('messaging.client.consumed.messages', {
    unit: '{message}',
    description: 'messages delivered to a consumer',
  }),
}));

function attributes(m: MessageRecord, operation: string): Attributes {
  const attrs: Attributes = { 'messaging.operation.name': m.operation ?? operation };
  if (m.system !== undefined) attrs['messaging.system'] = m.system;
  if (m.destination !== undefined) attrs['messaging.destination.name'] = m.destination;
  if (m.errorType !== undefined) attrs['error.type'] = m.errorType;
  return attrs;
}

const countOf = (m: MessageRecord) =>
  m.count === undefined ? 1 : Number.isFinite(m.count) && m.count > 0 ? m.count : 0;

/** counts messages sent to `destination` (the recipient agent's id, for the delivery figure). */
export function recordMessageSent(message: MessageRecord): void {
  const n = countOf(message);
  if (n > 0) instruments().sent.add(n, attributes(message, 'send'));
}

/** counts messages this agent consumed. */
export function recordMessageConsumed(message: MessageRecord = {}): void {
  const n = countOf(message);
  if (n > 0) instruments().consumed.add(n, attributes(message, 'receive'));
}
